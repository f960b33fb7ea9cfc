import { scaleBand, scaleLinear } from '@visx/scale'
import { Bar, LinePath } from '@visx/shape'
import { Group } from '@visx/group'
import { useT } from '../../i18n/react'
import { ChartFrame } from './chart-frame'
import { formatTick, formatValue, niceTicks, round, seriesClass, type ValueKind } from './scale'

export type BarSeries = { key: string; label: string }
export type BarDatum = { label: string; values: Record<string, number> }

type Props = {
  title: string
  description: string
  series: BarSeries[]
  data: BarDatum[]
  /** grouped: bars side by side; stacked: one bar per category, the series on top of each other. */
  mode?: 'grouped' | 'stacked'
  valueKind?: ValueKind
  /** A line across the categories, e.g. the budget per month. */
  line?: { label: string; values: number[] }
  width?: number
  height?: number
}

const margin = { top: 12, right: 12, bottom: 44, left: 64 }

/** Vertical bars, one group (or stack) per category, value axis from zero. */
export function BarChart({ title, description, series, data, mode = 'grouped', valueKind = 'number', line, width = 640, height = 280 }: Props) {
  const { locale } = useT()
  const innerW = width - margin.left - margin.right
  const innerH = height - margin.top - margin.bottom
  const totals = data.map((d) =>
    mode === 'stacked'
      ? series.reduce((s, ser) => s + Math.max(0, d.values[ser.key] ?? 0), 0)
      : Math.max(0, ...series.map((ser) => d.values[ser.key] ?? 0)),
  )
  const max = Math.max(0, ...totals, ...(line?.values ?? []))
  const ticks = niceTicks(0, max || 1)
  const y = scaleLinear<number>({ domain: [0, ticks[ticks.length - 1]!], range: [innerH, 0] })
  const x = scaleBand<string>({ domain: data.map((_, i) => String(i)), range: [0, innerW], padding: 0.25 })
  const inner = scaleBand<string>({ domain: series.map((s) => s.key), range: [0, x.bandwidth()], padding: 0.08 })
  const labelEvery = Math.max(1, Math.ceil(data.length / 8))
  const fmt = (v: number) => formatValue(locale, valueKind, v)
  const empty = data.length === 0 || (max === 0 && !line)

  const table = {
    columns: ['', ...series.map((s) => s.label), ...(line ? [line.label] : [])],
    rows: data.map((d, i) => [d.label, ...series.map((s) => fmt(d.values[s.key] ?? 0)), ...(line ? [fmt(line.values[i] ?? 0)] : [])]),
  }
  const legend = [
    ...series.map((s, i) => ({ label: s.label, className: seriesClass(i) })),
    ...(line ? [{ label: line.label, className: 'chart-ref', kind: 'line' as const }] : []),
  ]

  return (
    <ChartFrame
      title={title}
      description={description}
      width={width}
      height={height}
      table={table}
      legend={series.length > 1 || line ? legend : undefined}
      empty={empty}
    >
      <Group left={margin.left} top={margin.top}>
        {ticks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={0} x2={innerW} y1={round(y(tick))} y2={round(y(tick))} />
            <text x={-6} y={round(y(tick))} dy="0.32em" textAnchor="end" className="chart-tick">
              {formatTick(locale, valueKind, tick)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x0 = x(String(i)) ?? 0
          let stackTop = 0
          return (
            <g key={i} data-category={d.label}>
              {series.map((s, si) => {
                const value = Math.max(0, d.values[s.key] ?? 0)
                if (value === 0) return null
                const top = mode === 'stacked' ? y(stackTop + value) : y(value)
                const bottom = mode === 'stacked' ? y(stackTop) : innerH
                stackTop += value
                const bx = mode === 'stacked' ? x0 : x0 + (inner(s.key) ?? 0)
                const bw = mode === 'stacked' ? x.bandwidth() : inner.bandwidth()
                return (
                  <Bar
                    key={s.key}
                    x={round(bx)}
                    y={round(top)}
                    width={round(bw)}
                    height={round(Math.max(0, bottom - top))}
                    className={`chart-bar ${seriesClass(si)}`}
                  >
                    <title>{`${d.label}, ${s.label}: ${fmt(value)}`}</title>
                  </Bar>
                )
              })}
              {i % labelEvery === 0 ? (
                <text x={round(x0 + x.bandwidth() / 2)} y={innerH + 16} textAnchor="middle" className="chart-tick">
                  {d.label}
                </text>
              ) : null}
            </g>
          )
        })}
        {line && data.length > 0 ? (
          <LinePath
            data={line.values.slice(0, data.length)}
            x={(_, i) => round((x(String(i)) ?? 0) + x.bandwidth() / 2)}
            y={(v) => round(y(v))}
            className="chart-line chart-ref"
          />
        ) : null}
        <line x1={0} x2={innerW} y1={innerH} y2={innerH} className="chart-axis" />
      </Group>
    </ChartFrame>
  )
}
