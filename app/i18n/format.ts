import type { Locale } from './index'

// The one date, number and money helper: everything user-facing goes through Intl in the user's locale.
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

export function formatDateTime(locale: Locale, value: Date | string, timeZone?: string) {
  return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(value),
  )
}

export function formatDate(locale: Locale, value: Date | string, timeZone?: string) {
  return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeZone }).format(new Date(value))
}

/** A calendar day (YYYY-MM-DD, e.g. a delivery date): the same day for every reader, whatever their time zone. */
export function formatDay(locale: Locale, day: string) {
  return formatDate(locale, `${day}T00:00:00Z`, 'UTC')
}

export function formatTime(locale: Locale, value: Date | string, timeZone?: string) {
  return new Intl.DateTimeFormat(tags[locale], { timeStyle: 'medium', timeZone }).format(new Date(value))
}
