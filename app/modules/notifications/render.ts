import { formatDay, formatMoney } from '../../i18n/format'
import { isMessageKey, translate, type Locale, type MessageKey, type Params } from '../../i18n'

// A notice is a catalog key with values; each reader sees it in their own language. Values are typed by their
// name, as the ledger's explanations are: `…Minor` is money in kopecks, `…On` a calendar day (YYYY-MM-DD), and
// `…Key` another catalog key (a reason, a status) translated in the same language. A name kept in both languages
// (a tier, a programme) travels as a pair `xRu` / `xEn` and reads as `{x}` in the reader's language: a notice is
// stored once for every reader, and each reader sees the name they would see on the page.

/** The kinds of notice that exist: every `notice.<kind>.title` in the message catalog. */
export type NoticeKind = MessageKey extends infer K ? (K extends `notice.${infer N}.title` ? N : never) : never

export type NoticeParams = Record<string, string | number>

/** The values as a reader of `locale` reads them. */
export function localiseParams(locale: Locale, params: NoticeParams): Params {
  const out: Params = {}
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Minor') && typeof value === 'number') out[name] = formatMoney(locale, value)
    else if (name.endsWith('On') && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[name] = formatDay(locale, value)
    else if (name.endsWith('Key') && typeof value === 'string' && isMessageKey(value)) out[name] = translate(locale, value)
    else out[name] = value
  }
  for (const [name, value] of Object.entries(params)) {
    if (!name.endsWith('Ru') || name.length < 3 || typeof value !== 'string') continue
    const base = name.slice(0, -2)
    const en = params[`${base}En`]
    if (typeof en === 'string' && !(base in params)) out[base] = locale === 'ru' ? value : en
  }
  return out
}

/** Title and body of a notice in the reader's language (an unknown kind, from an older version, reads as its key). */
export function renderNotice(locale: Locale, kind: string, params: NoticeParams): { title: string; body: string } {
  const title = `notice.${kind}.title`
  const body = `notice.${kind}.body`
  const values = localiseParams(locale, params)
  return {
    title: isMessageKey(title) ? translate(locale, title, values) : kind,
    body: isMessageKey(body) ? translate(locale, body, values) : '',
  }
}
