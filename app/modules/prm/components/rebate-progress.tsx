import { BarChart } from '../../../components/charts'
import { formatMonth } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import { renderExplanation } from '../../incentives/explain'
import { describeRebateProgress, progressChart, type RebateProgress } from '../rebate-progress'
import { periodLabel } from '../rebate-rules'

// The dealer's rebates in their open periods (/programme and /programme/ledger): a headline with what the next step
// needs and earns, the lines that explain each number, a progress bar and, for periods longer than a month, the
// running total by month against the next step's threshold.

export function RebateProgressPanel({ items }: { items: RebateProgress[] }) {
  const { t, locale } = useT()
  return (
    <section aria-labelledby="rebate-progress-title" className="rebate-progress">
      <h2 id="rebate-progress-title">{t('rebateProgress.title')}</h2>
      {items.length === 0 ? <p className="muted">{t('rebateProgress.none')}</p> : null}
      {items.map((p) => {
        const { headline, lines } = describeRebateProgress(p)
        const name = locale === 'ru' ? p.nameRu : p.nameEn
        const chart = progressChart(p)
        const money = p.rule.kind === 'percent'
        return (
          <article key={p.periodId} className="card" data-testid="rebate-progress" aria-label={name}>
            <h3>{t('rebateProgress.heading', { programme: name, period: periodLabel(p.periodKind, p.periodStart) })}</h3>
            <p>
              <strong>{renderExplanation(locale, headline)}</strong>
            </p>
            {p.eligible && p.next ? (
              <progress
                className="tier-progress"
                max={100}
                value={Math.round(Math.min(1, p.next.share) * 100)}
                aria-label={t('rebateProgress.progressLabel')}
              />
            ) : null}
            <ul>
              {lines.map((l) => (
                <li key={l.key}>{renderExplanation(locale, l)}</li>
              ))}
            </ul>
            {p.months.length > 1 ? (
              <BarChart
                title={t('rebateProgress.chart.title', { programme: name })}
                description={t('rebateProgress.chart.desc')}
                series={[{ key: 'counted', label: t('rebateProgress.chart.counted') }]}
                data={chart.cumulative.map((m) => ({ label: formatMonth(locale, m.month), values: { counted: m.value } }))}
                valueKind={money ? 'money' : 'number'}
                line={
                  chart.target === null
                    ? undefined
                    : {
                        label: t(chart.reached ? 'rebateProgress.chart.top' : 'rebateProgress.chart.next'),
                        values: chart.cumulative.map(() => chart.target!),
                      }
                }
                height={220}
              />
            ) : null}
          </article>
        )
      })}
    </section>
  )
}
