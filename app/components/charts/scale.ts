import type { Locale } from '../../i18n'
import { formatMoney, formatNumber, formatTime, formatDay, formatMonth } from '../../i18n/format'

// Shared helpers of the chart components. Everything here is pure and deterministic: the server and the browser
// compute the same ticks and the same coordinates, so a chart hydrates without a mismatch.

/** What a value axis shows: plain numbers, money in kopecks (→ ₽), or percentages. */
export type ValueKind = 'number' | 'money' | 'percent'
/** What an x axis of a line chart shows: moments (epoch ms, in the operator's zone), days (epoch ms of a UTC day), or steps. */
export type XKind = 'time' | 'day' | 'month' | 'step'

export function formatValue(locale: Locale, kind: ValueKind, value: number, currency = 'RUB') {
  if (kind === 'money') return formatMoney(locale, Math.round(value), currency)
  if (kind === 'percent') return formatNumber(locale, value / 100, { style: 'percent', maximumFractionDigits: 1 })
  return formatNumber(locale, value)
}

/** A short tick label: money without kopecks ("12 тыс. ₽" would need compact money; whole roubles keep it exact). */
export function formatTick(locale: Locale, kind: ValueKind, value: number, currency = 'RUB') {
  if (kind === 'money') {
    return formatNumber(locale, value / 100, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    })
  }
  if (kind === 'percent') return formatNumber(locale, value / 100, { style: 'percent', maximumFractionDigits: 0 })
  return formatNumber(locale, value, { notation: 'compact', maximumFractionDigits: 1 })
}

export function formatX(locale: Locale, kind: XKind, value: number, timeZone: string) {
  if (kind === 'time') return formatTime(locale, new Date(value), timeZone)
  if (kind === 'day') return formatDay(locale, new Date(value).toISOString().slice(0, 10))
  if (kind === 'month') return formatMonth(locale, new Date(value).toISOString().slice(0, 7))
  return formatNumber(locale, value)
}

export { formatMonth }

/** "Nice" ticks from 0 (or the minimum) to at least the maximum: 0, 2 500, 5 000 … (about `count` of them). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0]
  if (max === min) max = min + (min === 0 ? 1 : Math.abs(min))
  const raw = (max - min) / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power
  const start = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let v = start; v < max + step * 0.999 && ticks.length < 50; v += step) ticks.push(round(v, 6))
  return ticks
}

/** `count` evenly spaced ticks from min to max inclusive (for time axes: no calendar rounding, no local zone). */
export function evenTicks(min: number, max: number, count = 4): number[] {
  if (max <= min) return [min]
  return Array.from({ length: count + 1 }, (_, i) => min + ((max - min) * i) / count)
}

/** About `count` ticks on the first days of months between two UTC month starts (a monthly series reads by month). */
export function monthTicks(min: number, max: number, count = 4): number[] {
  const index = (ms: number) => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth()
  const [from, to] = [index(min), index(max)]
  const step = Math.max(1, Math.round((to - from) / count))
  const ticks: number[] = []
  for (let k = from; k <= to; k += step) ticks.push(Date.UTC(Math.floor(k / 12), k % 12, 1))
  return ticks
}

/** Coordinates rounded to hundredths keep the markup short and identical everywhere. */
export function round(value: number, digits = 2) {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

/** The palette's class for series `index` (app.css: .chart-s0 … .chart-s7, colours from --chart-1 … --chart-8). */
export function seriesClass(index: number) {
  return `chart-s${index % 8}`
}
