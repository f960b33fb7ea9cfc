import type { SegmentParams } from '../../../db/schema/crm'
import { translate, type Locale } from '../../i18n'
import { formatMoney, formatNumber } from '../../i18n/format'

// Each customer's classes in words, from the figures stored with the run (issue 15: "each customer's class explains
// itself (its value, cumulative share, CV, the thresholds)"). The page, the CSV and the customer card say the same.

export interface ExplainedFigures {
  valueMinor: number
  prevCumShare: number | null
  abc: 'A' | 'B' | 'C' | null
  cv: number | null
  xyz: 'X' | 'Y' | 'Z' | null
  nonZeroMonths: number
  months: number
  flags: string[]
  retention: number | null
  clvMinor: number | null
  /** The 12-month margin m behind the CLV. */
  margin12mMinor: number | null
}

const pct = (locale: Locale, share: number) => formatNumber(locale, share * 100, { maximumFractionDigits: 1 })

export function explainSegment(locale: Locale, m: ExplainedFigures, p: SegmentParams): string[] {
  const money = (v: number) => formatMoney(locale, v)
  const out: string[] = []
  if (m.abc === null) out.push(translate(locale, 'crm.segments.why.nonPositive', { value: money(m.valueMinor) }))
  else if (m.abc === 'C')
    out.push(
      translate(locale, 'crm.segments.why.abcC', { value: money(m.valueMinor), prev: `${pct(locale, m.prevCumShare ?? 0)} %`, cut: p.cutBBp / 100 }),
    )
  else
    out.push(
      translate(locale, 'crm.segments.why.abc', {
        abc: m.abc,
        value: money(m.valueMinor),
        prev: `${pct(locale, m.prevCumShare ?? 0)} %`,
        cut: (m.abc === 'A' ? p.cutABp : p.cutBBp) / 100,
      }),
    )
  if (m.xyz === null) out.push(translate(locale, 'crm.segments.why.noDemand'))
  else if (m.flags.includes('intermittent'))
    out.push(translate(locale, 'crm.segments.why.intermittent', { months: m.nonZeroMonths, total: m.months }))
  else {
    const limit = m.xyz === 'X' ? p.xCvBp : p.yCvBp
    out.push(
      translate(locale, 'crm.segments.why.xyz', {
        xyz: m.xyz,
        cv: `${pct(locale, m.cv ?? 0)} %`,
        op: m.xyz === 'Z' ? '>' : '≤',
        limit: (m.xyz === 'Z' ? p.yCvBp : limit) / 100,
        months: m.nonZeroMonths,
        total: m.months,
      }),
    )
  }
  if (m.retention !== null && m.clvMinor !== null) {
    if (m.flags.includes('non_positive_margin')) out.push(translate(locale, 'crm.segments.why.clvZero', { m: money(m.margin12mMinor ?? 0) }))
    else {
      const r = formatNumber(locale, m.retention, { maximumFractionDigits: 2 })
      const d = formatNumber(locale, p.discountBp / 10000, { maximumFractionDigits: 3 })
      out.push(translate(locale, 'crm.segments.why.clv', { m: money(m.margin12mMinor ?? 0), r, d, clv: money(m.clvMinor) }))
    }
  }
  return out
}
