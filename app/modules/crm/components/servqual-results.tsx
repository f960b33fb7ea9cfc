import { BarChart, LineChart } from '../../../components/charts'
import { formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { MessageKey } from '../../../i18n'
import type { GroupScores, Summary } from '../servqual'
import { DIMENSION_ITEMS, DIMENSIONS, ITEMS, type Dimension } from '../servqual-items'
import type { TrendPoint } from '../surveys.server'

// How a group's SERVQUAL scores read: the gate first (no score below the wave's minimum), then the weighted and
// unweighted SQ with SERVPERF beside them, each with n and its 95 % interval, the five dimensions as a chart of
// expectation against perception, one chart per dimension over its items, and the trend between waves.

export const dimensionLabel = (d: Dimension): MessageKey => `crm.surveys.dim.${d}`

function useScore() {
  const { t, locale } = useT()
  const num = (v: number) =>
    formatNumber(locale, Math.round(v * 100) / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' })
  const ci = (s: Summary) =>
    s.lo === null || s.hi === null ? t('crm.surveys.noInterval') : t('crm.surveys.interval', { lo: num(s.lo), hi: num(s.hi) })
  return { t, locale, num, ci }
}

/** "not enough answers yet: 12 of 30", or the headline scores. */
export function ScoreHeadline({ group }: { group: GroupScores }) {
  const { t, num, ci } = useScore()
  if (!group.scores)
    return (
      <p className="muted" data-testid="servqual-gate">
        {t('crm.surveys.notEnough', { n: group.n, min: group.minAnswers })}
      </p>
    )
  const s = group.scores
  return (
    <dl className="facts" data-testid="servqual-scores">
      <dt>{t('crm.surveys.sqWeighted')}</dt>
      <dd>
        <strong>{num(s.sqWeighted.mean)}</strong> {ci(s.sqWeighted)}
      </dd>
      <dt>{t('crm.surveys.sq')}</dt>
      <dd>
        {num(s.sq.mean)} {ci(s.sq)}
      </dd>
      <dt>{t('crm.surveys.servperf')}</dt>
      <dd>
        {num(s.servperf.mean)} {ci(s.servperf)}
      </dd>
      <dt>{t('crm.surveys.answers')}</dt>
      <dd>{group.n}</dd>
    </dl>
  )
}

/** The dimensions' table and chart, then one chart per dimension over its items. */
export function DimensionDetail({ group }: { group: GroupScores }) {
  const { t, locale, num, ci } = useScore()
  if (!group.scores) return null
  const s = group.scores
  const series = [
    { key: 'e', label: t('crm.surveys.expectation') },
    { key: 'p', label: t('crm.surveys.perception') },
  ]
  return (
    <>
      <p>{t('crm.surveys.howRead')}</p>
      <div className="table-scroll">
        <table>
          <caption>{t('crm.surveys.dimensionsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('crm.surveys.col.dimension')}</th>
              <th scope="col">{t('crm.surveys.col.importance')}</th>
              <th scope="col">{t('crm.surveys.expectation')}</th>
              <th scope="col">{t('crm.surveys.perception')}</th>
              <th scope="col">{t('crm.surveys.col.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {s.dimensions.map((d) => (
              <tr key={d.dimension}>
                <th scope="row">{t(dimensionLabel(d.dimension))}</th>
                <td>{formatNumber(locale, Math.round(d.importance * 10) / 10)}</td>
                <td>{formatNumber(locale, Math.round(d.expectation * 100) / 100)}</td>
                <td>{formatNumber(locale, Math.round(d.perception * 100) / 100)}</td>
                <td>
                  {num(d.gap.mean)} {ci(d.gap)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart
        title={t('crm.surveys.chart.dimensions')}
        description={t('crm.surveys.chart.dimensionsDescription')}
        series={series}
        data={s.dimensions.map((d) => ({ label: t(dimensionLabel(d.dimension)), values: { e: d.expectation, p: d.perception } }))}
      />
      {DIMENSIONS.map((d) => (
        <BarChart
          key={d}
          title={t('crm.surveys.chart.items', { dimension: t(dimensionLabel(d)) })}
          description={t('crm.surveys.chart.itemsDescription')}
          series={series}
          height={220}
          data={DIMENSION_ITEMS[d].map((i) => {
            const item = s.items[i - 1]!
            return { label: `${i}. ${ITEMS[i - 1]![locale]}`, values: { e: item.expectation, p: item.perception } }
          })}
        />
      ))}
    </>
  )
}

/** Waves in time order: the weighted SQ with its change, and the dimension gaps as lines (waves without a score are gaps). */
export function ServqualTrend({ trend }: { trend: TrendPoint[] }) {
  const { t, locale, num } = useScore()
  if (!trend.length) return null
  const scored = trend.filter((p) => p.group.scores)
  return (
    <>
      <div className="table-scroll">
        <table>
          <caption>{t('crm.surveys.trendCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('crm.surveys.col.wave')}</th>
              <th scope="col">{t('crm.surveys.answers')}</th>
              <th scope="col">{t('crm.surveys.sqWeighted')}</th>
              <th scope="col">{t('crm.surveys.col.change')}</th>
            </tr>
          </thead>
          <tbody>
            {trend.map((p) => (
              <tr key={p.waveId}>
                <th scope="row">{locale === 'ru' ? p.titleRu : p.titleEn}</th>
                <td>{p.group.n}</td>
                <td>
                  {p.group.scores ? num(p.group.scores.sqWeighted.mean) : t('crm.surveys.notEnough', { n: p.group.n, min: p.group.minAnswers })}
                </td>
                <td>
                  {p.change
                    ? t(`crm.surveys.change.${p.change.verdict}`, { delta: num(p.change.delta), lo: num(p.change.lo), hi: num(p.change.hi) })
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {scored.length > 1 ? (
        <LineChart
          title={t('crm.surveys.chart.trend')}
          description={t('crm.surveys.chart.trendDescription')}
          xKind="day"
          xLabel={t('crm.surveys.col.wave')}
          series={DIMENSIONS.map((d) => ({
            key: d,
            label: t(dimensionLabel(d)),
            shape: 'linear' as const,
            dots: true,
            points: scored.map((p) => ({
              x: Date.parse(`${p.opensOn}T00:00:00Z`),
              y: p.group.scores!.dimensions.find((x) => x.dimension === d)!.gap.mean,
            })),
          }))}
        />
      ) : null}
    </>
  )
}
