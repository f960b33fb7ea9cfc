import { BarChart } from '../../../components/charts'
import { formatNumber } from '../../../i18n/format'
import type { Locale } from '../../../i18n'
import { useT } from '../../../i18n/react'

// What the partner manager reads about a flag: the rule in words, its figures and the limit each was measured
// against (anchors §3.3). The dealer never gets these: only the plain hold reason.

type Figures = Record<string, number | string | null>

/** A share or ratio as a percent; a tiny probability in scientific notation ("5.2e-27"), so it never reads as 0. */
export function formatFigure(locale: Locale, value: number | string | null | undefined, kind: 'share' | 'number' | 'probability' = 'number') {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (!Number.isFinite(value)) return '∞'
  if (kind === 'share') return formatNumber(locale, value, { style: 'percent', maximumFractionDigits: 1 })
  if (kind === 'probability')
    return value !== 0 && Math.abs(value) < 0.001 ? value.toExponential(1) : formatNumber(locale, value, { maximumFractionDigits: 4 })
  return formatNumber(locale, value, { maximumFractionDigits: 2 })
}

/** The sentence for one flag, its numbers filled in. */
export function flagSentence(
  t: ReturnType<typeof useT>['t'],
  locale: Locale,
  flag: { rule: string; reason: string; figures: Figures; thresholds: Record<string, number> },
) {
  const f = flag.figures
  const th = flag.thresholds
  const n = (v: number | string | null | undefined) => formatFigure(locale, v)
  const pct = (v: number | string | null | undefined) => formatFigure(locale, v, 'share')
  switch (flag.rule) {
    case 'R1':
      return 'networkP95' in th
        ? t('sarm.flag.R1short', { hhi: n(f.normalisedHhi), limit: n(th.networkP95), top: pct(f.topShare), topLimit: pct(th.topShare) })
        : t('sarm.flag.R1', {
            hhi: n(f.hhi),
            sellers: n(f.effectiveSellers),
            baseline: n(f.baselineHhi),
            limit: n(th.hhi),
            top: pct(f.topShare),
            topLimit: pct(th.topShare),
          })
    case 'R2':
      return t('sarm.flag.R2', {
        won: n(f.winnerUnits),
        total: n(f.shopUnits),
        share: pct(f.baselineShare),
        tail: formatFigure(locale, f.tail, 'probability'),
        limit: formatFigure(locale, th.tail, 'probability'),
      })
    case 'R3':
      return t('sarm.flag.R3', {
        active: n(f.activeSellers),
        usual: n(f.baselineActiveSellers),
        coverage: pct(f.rosterCoverage),
        ratio: pct(th.activeRatio),
        coverageLimit: pct(th.rosterCoverage),
      })
    case 'R4':
      return t('sarm.flag.R4', { winner: n(f.winnerGain), shop: n(f.shopGain), iota: n(f.incrementality), limit: n(th.incrementality) })
    case 'R5':
      return t('sarm.flag.R5', {
        last: pct(f.lastDaysShare),
        usual: pct(f.baselineLastDaysShare),
        returns: pct(f.winnerReturnRate),
        shopReturns: pct(f.shopReturnRate),
        multiple: n(th.multiple),
      })
    case 'R7':
      return t('sarm.flag.R7', { rate: n(f.unitsPerSellerDay), p99: n(f.networkP99), repeat: n(f.mostSalesToOneCustomer), limit: n(th.sameCustomer) })
    default:
      return t(`sarm.flag.R6.${flag.reason}` as 'sarm.flag.R6.serial_not_delivered', { count: n(f.count), examples: n(f.examples) })
  }
}

/** One flagged shop's sellers: their share of the shop's units in the contest beside their share over the baseline. */
export function ShareChart({ shop, sellers }: { shop: string; sellers: { seller: string; contest: number; baseline: number }[] }) {
  const { t } = useT()
  return (
    <BarChart
      title={t('sarm.contest.chartTitle', { shop })}
      description={t('sarm.contest.chartDescription')}
      series={[
        { key: 'contest', label: t('sarm.contest.chartContest') },
        { key: 'baseline', label: t('sarm.contest.chartBaseline') },
      ]}
      data={sellers.map((s) => ({
        label: s.seller,
        values: { contest: Math.round(s.contest * 1000) / 10, baseline: Math.round(s.baseline * 1000) / 10 },
      }))}
      valueKind="percent"
      height={240}
    />
  )
}
