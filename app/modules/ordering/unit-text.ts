import { isMessageKey, type MessageKey } from '../../i18n'

/** A product's unit in the reader's words ("шт.", "pcs"): the unit is stored text, so its key is checked, not cast. */
export function unitText(t: (key: MessageKey) => string, unit: string) {
  const key = `unit.${unit}`
  return isMessageKey(key) ? t(key) : unit
}
