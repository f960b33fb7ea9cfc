import { scaleLinear } from '@visx/scale'
import { Bar } from '@visx/shape'
import { useT } from '../../i18n/react'
import { ChartFrame } from './chart-frame'
import { formatNumber } from '../../i18n/format'
import { formatValue, round, seriesClass, type ValueKind } from './scale'

export type StackRow = { label: string; values: Record<string, number> }

type Props = {
  title: string
  description: string
  /** The parts of each bar, in order (e.g. tiers from the entry level up). */
  series: { key: string; label: string }[]
  /** One horizontal bar per row (e.g. per region); a single row makes a one-bar distribution. */
  rows: StackRow[]
  valueKind?: ValueKind
  width?: number
}

const rowH = 28
const labelW = 150
const pad = 8

/** Horizontal 100 % stacked bars: how each row splits among the series, with the totals at the end. */
export function StackedBarChart({ title, description, series, rows, valueKind = 'number', width = 640 }: Props) {
  const { locale } = useT()
  const height = pad * 2 + rows.length * (rowH + pad)
  const totalW = 56
  const barW = width - labelW - totalW - pad
  const x = scaleLinear<number>({ domain: [0, 1], range: [0, barW] })
  const fmt = (v: number) => formatValue(locale, valueKind, v)
  const totals = rows.map((r) => series.reduce((s, ser) => s + Math.max(0, r.values[ser.key] ?? 0), 0))
  const empty = rows.length === 0 || totals.every((t) => t === 0)
  const share = (v: number, total: number) => formatNumber(locale, total ? v / total : 0, { style: 'percent', maximumFractionDigits: 0 })

  return (
    <ChartFrame
      title={title}
      description={description}
      width={width}
      height={Math.max(height, 40)}
      empty={empty}
      legend={series.map((s, i) => ({ label: s.label, className: seriesClass(i) }))}
      table={{
        columns: ['', ...series.map((s) => s.label), ''],
        rows: rows.map((r, i) => [r.label, ...series.map((s) => fmt(r.values[s.key] ?? 0)), fmt(totals[i]!)]),
      }}
    >
      {rows.map((r, ri) => {
        const top = pad + ri * (rowH + pad)
        const total = totals[ri]!
        let acc = 0
        return (
          <g key={r.label} data-row={r.label}>
            <text x={labelW - 8} y={top + rowH / 2} dy="0.32em" textAnchor="end" className="chart-tick">
              {r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}
            </text>
            {series.map((s, si) => {
              const v = Math.max(0, r.values[s.key] ?? 0)
              if (!v || !total) return null
              const x0 = x(acc / total)
              acc += v
              const w = x(acc / total) - x0
              return (
                <Bar key={s.key} x={round(labelW + x0)} y={top} width={round(w)} height={rowH} className={`chart-bar ${seriesClass(si)}`}>
                  <title>{`${r.label}, ${s.label}: ${fmt(v)} (${share(v, total)})`}</title>
                </Bar>
              )
            })}
            <text x={width - pad} y={top + rowH / 2} dy="0.32em" textAnchor="end" className="chart-tick">
              {fmt(total)}
            </text>
          </g>
        )
      })}
    </ChartFrame>
  )
}
