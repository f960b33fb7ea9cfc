import { Link } from '@remix-run/react'
import { Fragment } from 'react'
import { BarChart, LineChart } from '../../../components/charts'
import { formatMoney, formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import { regionLabel } from '../../prm/application-schemas'
import type { SegmentSummary } from '../segments.server'

// One segmentation run as the sales manager reads it: the Pareto curve, the CV histogram, the 9-cell matrix, CLV
// by class, and the customers with their classes explained. Everything is computed by the loader.

export interface SegmentRunData {
  id: string
  heading: string
  paramsText: string
  totalsText: string
  cutA: number
  cutB: number
  xCv: number
  yCv: number
  summary: SegmentSummary
  pareto: { rank: number; share: number }[]
  histogram: { from: number; count: number }[]
  members: {
    orgId: string
    name: string
    region: string | null
    rank: number | null
    revenueMinor: number
    marginMinor: number
    cumShare: number | null
    abc: string | null
    cv: number | null
    xyz: string | null
    nonZeroMonths: number
    months: number
    retention: number | null
    clvMinor: number | null
    lastOrderOn: string | null
    why: string[]
  }[]
  filter: { abc: string | null; xyz: string | null }
}

export function SegmentRun({ run, basePath }: { run: SegmentRunData; basePath: string }) {
  const { t, locale } = useT()
  const pct = (share: number | null) => (share === null ? '—' : `${formatNumber(locale, share * 100, { maximumFractionDigits: 1 })} %`)
  const maxRank = Math.max(1, run.pareto.length)
  return (
    <>
      <h2 id="run-heading">{run.heading}</h2>
      <p>{run.paramsText}</p>
      <p>{run.totalsText}</p>
      <div className="chart-grid-2">
        <LineChart
          title={t('crm.segments.pareto.title')}
          description={t('crm.segments.pareto.description')}
          xKind="step"
          valueKind="percent"
          fromZero
          xLabel={t('crm.segments.pareto.rank')}
          series={[
            {
              key: 'share',
              label: t('crm.segments.pareto.share'),
              shape: 'linear',
              points: run.pareto.map((p) => ({ x: p.rank, y: p.share * 100 })),
            },
            {
              key: 'cutA',
              label: t('crm.segments.pareto.cutA'),
              shape: 'linear',
              points: [
                { x: 1, y: run.cutA },
                { x: maxRank, y: run.cutA },
              ],
            },
            {
              key: 'cutB',
              label: t('crm.segments.pareto.cutB'),
              shape: 'linear',
              points: [
                { x: 1, y: run.cutB },
                { x: maxRank, y: run.cutB },
              ],
            },
          ]}
        />
        <BarChart
          title={t('crm.segments.cv.title')}
          description={t('crm.segments.cv.description', { x: run.xCv, y: run.yCv })}
          series={[{ key: 'count', label: t('crm.segments.cv.customers') }]}
          data={run.histogram.map((b, i) => ({
            label: i === run.histogram.length - 1 ? `≥ ${b.from} %` : `${b.from}–${b.from + 5} %`,
            values: { count: b.count },
          }))}
        />
      </div>

      <div className="chart-grid-2">
        <div>
          <h3 id="matrix-title">{t('crm.segments.matrix.title')}</h3>
          <div className="table-scroll">
            <table className="matrix" aria-labelledby="matrix-title">
              <caption>{t('crm.segments.matrix.caption')}</caption>
              <thead>
                <tr>
                  <td />
                  {['X', 'Y', 'Z'].map((x) => (
                    <th key={x} scope="col">
                      {x}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {['A', 'B', 'C'].map((a) => (
                  <tr key={a}>
                    <th scope="row">{a}</th>
                    {['X', 'Y', 'Z'].map((x) => {
                      const cell = run.summary.matrix[`${a}${x}`] ?? { customers: 0, valueMinor: 0 }
                      return (
                        <td key={x}>
                          <Link
                            to={`${basePath}?abc=${a}&xyz=${x}#members-title`}
                            aria-label={`${a}${x}: ${cell.customers}, ${formatMoney(locale, cell.valueMinor)}`}
                          >
                            {t('crm.segments.matrix.cell', { count: cell.customers, value: formatMoney(locale, cell.valueMinor) })}
                          </Link>
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
        <BarChart
          title={t('crm.segments.clv.title')}
          description={t('crm.segments.clv.description')}
          valueKind="money"
          series={[{ key: 'clv', label: t('crm.segments.clv.value') }]}
          data={['A', 'B', 'C'].map((a) => ({
            label: t('crm.segments.clv.class', {
              abc: a,
              r: run.summary.classes[a]?.retention === null || run.summary.classes[a] === undefined ? '—' : pct(run.summary.classes[a].retention),
            }),
            values: { clv: run.summary.classes[a]?.clvMinor ?? 0 },
          }))}
        />
      </div>

      <h3 id="members-title">{t('crm.segments.members.title')}</h3>
      {run.filter.abc || run.filter.xyz ? (
        <p>
          {t('crm.segments.members.filtered', { cell: `${run.filter.abc ?? ''}${run.filter.xyz ?? ''}` })}{' '}
          <Link to={`${basePath}#members-title`}>{t('crm.segments.members.all')}</Link>
        </p>
      ) : null}
      <p>
        <a href={`/crm/segments/${run.id}.csv`}>{t('crm.segments.export.csv')}</a> ·{' '}
        <a href={`/crm/segments/${run.id}.xlsx`}>{t('crm.segments.export.xlsx')}</a>
      </p>
      <div className="table-scroll">
        <table aria-labelledby="members-title">
          <thead>
            <tr>
              <th scope="col">{t('crm.segments.col.rank')}</th>
              <th scope="col">{t('crm.segments.col.customer')}</th>
              <th scope="col">{t('crm.segments.col.region')}</th>
              <th scope="col">{t('crm.segments.col.revenue')}</th>
              <th scope="col">{t('crm.segments.col.margin')}</th>
              <th scope="col">{t('crm.segments.col.cumShare')}</th>
              <th scope="col">{t('crm.segments.col.abc')}</th>
              <th scope="col">{t('crm.segments.col.cv')}</th>
              <th scope="col">{t('crm.segments.col.xyz')}</th>
              <th scope="col">{t('crm.segments.col.clv')}</th>
            </tr>
          </thead>
          <tbody>
            {run.members.map((m) => (
              <Fragment key={m.orgId}>
                <tr>
                  <td>{m.rank ?? '—'}</td>
                  <td>
                    <Link to={`/crm/customers/${m.orgId}`}>{m.name}</Link>
                  </td>
                  <td>{regionLabel(locale, m.region) || '—'}</td>
                  <td className="num">{formatMoney(locale, m.revenueMinor)}</td>
                  <td className="num">{formatMoney(locale, m.marginMinor)}</td>
                  <td className="num">{pct(m.cumShare)}</td>
                  <td>{m.abc ?? '—'}</td>
                  <td className="num">{pct(m.cv)}</td>
                  <td>{m.xyz ?? '—'}</td>
                  <td className="num">{m.clvMinor === null ? '—' : formatMoney(locale, m.clvMinor)}</td>
                </tr>
                <tr className="why-row">
                  <td />
                  <td colSpan={9}>
                    <span className="visually-hidden">{t('crm.segments.col.why')}: </span>
                    {m.why.join(' ')}
                  </td>
                </tr>
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
