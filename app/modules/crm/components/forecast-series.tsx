import { LineChart } from '../../../components/charts'
import { formatMoney, formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'

// One forecast series as people read it: the history, the published forecast with its 95 % interval, and beside it
// the accuracy of every method tried with the sentence that says which one was published and why.

export interface ForecastSeriesView {
  seriesKey: string
  name: string
  firstMonth: string
  history: number[]
  method: string
  reason: string
  accuracy: Record<string, { mae: number; wmape: number | null; mase: number | null }>
  points: { month: string; value: number; lo: number; hi: number }[]
}

const monthMs = (first: string, k: number) => {
  const [y, m] = first.split('-').map(Number)
  return Date.UTC(y, m - 1 + k, 1)
}

export function ForecastSeries({ s }: { s: ForecastSeriesView }) {
  const { t, locale } = useT()
  const n = (v: number | null) => (v === null ? '—' : formatNumber(locale, v, { maximumFractionDigits: 2 }))
  const hw = s.accuracy.holt_winters?.mase ?? null
  const sn = s.accuracy.seasonal_naive?.mase ?? null
  const why = t(`crm.forecasts.why.${s.reason}` as 'crm.forecasts.why.intermittent', { hw: n(hw), sn: n(sn) })
  const fromPoint = (p: { month: string }) => Date.UTC(Number(p.month.slice(0, 4)), Number(p.month.slice(5, 7)) - 1, 1)
  const last = s.history.length ? [{ x: monthMs(s.firstMonth, s.history.length - 1), y: s.history[s.history.length - 1] }] : []
  return (
    <article aria-label={s.name} className="chart-grid-2">
      <LineChart
        title={t('crm.forecasts.chart', { name: s.name })}
        description={t('crm.forecasts.chartDescription')}
        xKind="month"
        valueKind="money"
        fromZero
        xLabel={t('crm.forecasts.month')}
        series={[
          {
            key: 'history',
            label: t('crm.forecasts.history'),
            shape: 'linear',
            points: s.history.map((y, k) => ({ x: monthMs(s.firstMonth, k), y })),
          },
          {
            key: 'forecast',
            label: t('crm.forecasts.forecast'),
            shape: 'linear',
            points: [...last, ...s.points.map((p) => ({ x: fromPoint(p), y: p.value }))],
          },
          { key: 'lo', label: t('crm.forecasts.lo'), shape: 'linear', points: s.points.map((p) => ({ x: fromPoint(p), y: p.lo })) },
          { key: 'hi', label: t('crm.forecasts.hi'), shape: 'linear', points: s.points.map((p) => ({ x: fromPoint(p), y: p.hi })) },
        ]}
      />
      <div>
        <div className="table-scroll">
          <table aria-label={`${t('crm.forecasts.accuracy')}: ${s.name}`}>
            <caption>{t('crm.forecasts.accuracy')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crm.forecasts.col.method')}</th>
                <th scope="col">{t('crm.forecasts.col.mae')}</th>
                <th scope="col">{t('crm.forecasts.col.wmape')}</th>
                <th scope="col">{t('crm.forecasts.col.mase')}</th>
                <th scope="col">{t('crm.forecasts.col.chosen')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(s.accuracy).map(([method, a]) => (
                <tr key={method}>
                  <td>{t(`crm.forecasts.method.${method}` as 'crm.forecasts.method.holt_winters')}</td>
                  <td className="num">{formatMoney(locale, Math.round(a.mae))}</td>
                  <td className="num">{a.wmape === null ? '—' : `${formatNumber(locale, a.wmape * 100, { maximumFractionDigits: 1 })} %`}</td>
                  <td className="num">{n(a.mase)}</td>
                  <td>{method === s.method ? '✓' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>{why}</p>
      </div>
    </article>
  )
}
