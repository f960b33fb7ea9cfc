import { isMessageKey, translate, type Locale } from '../../i18n'

// A dealer group is a code on the organisation and on group price lists ("gold"); people read its name
// ("Золотая"). A code without a name yet shows as it was typed, in quotes, so it is still recognisable.
export function dealerGroupName(locale: Locale, code: string) {
  const key = `dealerGroup.${code.trim().toLowerCase()}`
  return isMessageKey(key) ? translate(locale, key) : `«${code}»`
}
