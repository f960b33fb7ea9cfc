import type { Locale } from './index'

// The one date, number and money helper: everything user-facing goes through Intl in the user's locale. Times
// always take an explicit time zone (the operator's, chosen on the server and passed to the browser by the root
// loader): a time formatted in the browser's own zone would differ from the server's text and break hydration.
const tags: Record<Locale, string> = { ru: 'ru-RU', en: 'en-GB' }

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(tags[locale], options).format(value)
}

/** Money is integer minor units (DESIGN.md §3): 123456 kopecks → "1 234,56 ₽". */
export function formatMoney(locale: Locale, minorUnits: number | bigint, currency = 'RUB') {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  const value = Number(minorUnits) / 10 ** digits
  return new Intl.NumberFormat(tags[locale], { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value)
}

export function formatDateTime(locale: Locale, value: Date | string, timeZone: string) {
  return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(value))
}

export function formatDate(locale: Locale, value: Date | string, timeZone: string) {
  return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeZone }).format(new Date(value))
}

/** A calendar day (YYYY-MM-DD, e.g. a delivery date): the same day for every reader, whatever their time zone. */
export function formatDay(locale: Locale, day: string) {
  return formatDate(locale, `${day}T00:00:00Z`, 'UTC')
}

/** A calendar month (YYYY-MM, e.g. an accrual period): "дек. 2026" / "Dec 2026", the same for every reader. */
export function formatMonth(locale: Locale, month: string) {
  return new Intl.DateTimeFormat(tags[locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month.slice(0, 7)}-01T00:00:00Z`),
  )
}

export function formatTime(locale: Locale, value: Date | string, timeZone: string) {
  return new Intl.DateTimeFormat(tags[locale], { timeStyle: 'medium', timeZone }).format(new Date(value))
}

/** A moment to the microsecond (audit, bid receipts): "02.12.2026, 03:09:01.253041" in the given zone. */
export function formatInstant(locale: Locale, value: Date | string, timeZone: string) {
  const text = typeof value === 'string' ? value : value.toISOString()
  const micros = /\.(\d{1,6})/.exec(text)?.[1]?.padEnd(6, '0') ?? '000000'
  const base = new Intl.DateTimeFormat(tags[locale], { dateStyle: 'short', timeStyle: 'medium', timeZone }).format(new Date(text))
  return `${base}.${micros}`
}

// Spreadsheet cells (CSV exports): a date and time a spreadsheet recognises as one, in the reader's dialect —
// "02.12.2026 03:09:01" for a Russian Excel, "2026-12-02 03:09:01" (unambiguous in every English locale) — in the
// zone the file's header names, never raw ISO text with a "Z".
const sheetParts = (value: Date | string, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(new Date(value))
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value
  return { y: get('year'), m: get('month'), d: get('day'), time: `${get('hour')}:${get('minute')}:${get('second')}` }
}

export function formatSheetDateTime(locale: Locale, value: Date | string, timeZone: string) {
  const { y, m, d, time } = sheetParts(value, timeZone)
  return locale === 'ru' ? `${d}.${m}.${y} ${time}` : `${y}-${m}-${d} ${time}`
}

/** A calendar day (YYYY-MM-DD) in a spreadsheet cell: "15.12.2026" for Russian, "2026-12-15" for English. */
export function formatSheetDay(locale: Locale, day: string) {
  const [y, m, d] = day.split('-')
  return locale === 'ru' ? `${d}.${m}.${y}` : day
}

/** The zone a file's times are in, for its header: "МСК"/"MSK" for Moscow, else "UTC" or the offset ("GMT+5"). */
export function formatZoneName(locale: Locale, timeZone: string) {
  if (timeZone === 'Europe/Moscow') return locale === 'ru' ? 'МСК' : 'MSK'
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC'
  return (
    new Intl.DateTimeFormat(tags[locale], { timeZone, timeZoneName: 'shortOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')
      ?.value ?? timeZone
  )
}

/** A moment as a `datetime-local` field shows it, on the wall clock of `timeZone`: "2026-12-02T15:30". */
export function toLocalInput(value: Date | string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`
}

/**
 * The moment a `datetime-local` value ("2026-12-02T15:30") means on the wall clock of `timeZone`, or null when it
 * is not one. Around a daylight-saving change an ambiguous time takes the zone's offset found by the second pass.
 */
export function fromLocalInput(local: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!m) return null
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== local) return null
  const offset = (at: number) => Date.parse(`${toLocalInput(new Date(at), timeZone)}:00Z`) - Math.floor(at / 60_000) * 60_000
  const first = wall - offset(wall)
  return new Date(wall - offset(first))
}

/**
 * A time zone in words with its offset, "Москва, стандартное время (GMT+3)", to say beside a time field. Names differ
 * between ICU versions: compute it on the server and send the text, so the browser shows the same words.
 */
export function formatTimeZone(locale: Locale, timeZone: string, at: Date = new Date()) {
  const name = (style: 'long' | 'shortOffset') =>
    new Intl.DateTimeFormat(tags[locale], { timeZone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ??
    timeZone
  return `${name('long')} (${name('shortOffset')})`
}
