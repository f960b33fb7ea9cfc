import { isMessageKey, type MessageKey } from '../../i18n'

type Translate = (key: MessageKey) => string

/**
 * A code the database stores as text (a product's unit, an order event's kind, a price trace's reason, an
 * Incoterm) in the reader's words: its key comes from outside the code, so it is checked, not cast; an unknown
 * code shows as itself.
 */
export function storedCodeText(t: Translate, prefix: 'unit' | 'orderEvent' | 'trace' | 'incoterm', code: string) {
  const key = `${prefix}.${code}`
  return isMessageKey(key) ? t(key) : code
}

/** A product's unit in the reader's words ("шт.", "pcs"). */
export const unitText = (t: Translate, unit: string) => storedCodeText(t, 'unit', unit)
