import { isMessageKey, translate, type Locale } from '../../i18n'

// Why a line is held, in plain words (`ledger.hold.<code>`): the ledger's own codes and the contests' (whose texts
// never accuse: "held for review: sales concentrated unusually in one seller"). A code without a text yet reads as
// the general review, never as a bare code.
export function holdReasonText(locale: Locale, code: string): string {
  const key = `ledger.hold.${code}`
  return translate(locale, isMessageKey(key) ? key : 'ledger.hold.review')
}
