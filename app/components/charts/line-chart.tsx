import { scaleLinear } from '@visx/scale'
import { LinePath } from '@visx/shape'
import { Group } from '@visx/group'
import { useT } from '../../i18n/react'
import { ChartFrame } from './chart-frame'
import { evenTicks, formatTick, monthTicks, formatValue, formatX, niceTicks, round, seriesClass, type ValueKind, type XKind } from './scale'

export type LinePoint = { x: number; y: number }
export type LineSeries = {
  key: string
  label: string
  points: LinePoint[]
  /** step: the value holds until the next point (a best price); linear: straight segments. */
  shape?: 'step' | 'linear'
  /** Draw a dot on every point (e.g. the supplier's own bids) instead of (or as well as) a line. */
  dots?: boolean
  line?: boolean
}

type Props = {
  title: string
  description: string
  series: LineSeries[]
  /** time: epoch ms shown in the operator's zone; day: epoch ms of UTC days; month: of UTC month starts; step: 1, 2, 3 … */
  xKind?: XKind
  valueKind?: ValueKind
  /** Start the value axis at zero (bars of money) or at the data's minimum (a price curve). */
  fromZero?: boolean
  /** Heading of the table's x column. */
  xLabel: string
  /** The currency of money values (ISO 4217), RUB unless said. */
  currency?: string
  width?: number
  height?: number
}

const margin = { top: 12, right: 16, bottom: 36, left: 72 }

function stepPoints(points: LinePoint[]): LinePoint[] {
  const out: LinePoint[] = []
  points.forEach((p, i) => {
    if (i > 0) out.push({ x: p.x, y: points[i - 1]!.y })
    out.push(p)
  })
  return out
}

/** One or more series over a time or step axis: a price curve, bids as dots. */
export function LineChart({
  title,
  description,
  series,
  xKind = 'time',
  valueKind = 'number',
  fromZero = false,
  xLabel,
  currency = 'RUB',
  width = 640,
  height = 260,
}: Props) {
  const { locale, timeZone } = useT()
  const all = series.flatMap((s) => s.points)
  const empty = all.length === 0
  const xs = all.map((p) => p.x)
  const ys = all.map((p) => p.y)
  const xMin = empty ? 0 : Math.min(...xs)
  const xMax = empty ? 1 : Math.max(...xs)
  const yTicks = niceTicks(fromZero ? 0 : empty ? 0 : Math.min(...ys), empty ? 1 : Math.max(...ys), 4)
  const innerW = width - margin.left - margin.right
  const innerH = height - margin.top - margin.bottom
  const x = scaleLinear<number>({ domain: [xMin, xMax === xMin ? xMin + 1 : xMax], range: [0, innerW] })
  const y = scaleLinear<number>({ domain: [yTicks[0]!, yTicks[yTicks.length - 1]!], range: [innerH, 0] })
  const xTicks =
    xKind === 'step'
      ? niceTicks(xMin, xMax, Math.min(6, Math.max(1, xMax - xMin))).filter((v) => Number.isInteger(v) && v >= xMin && v <= xMax)
      : xKind === 'month'
        ? monthTicks(xMin, xMax, 3)
        : evenTicks(xMin, xMax, 3)
  const fmtY = (v: number) => formatValue(locale, valueKind, v, currency)
  const fmtX = (v: number) => formatX(locale, xKind, v, timeZone)

  // The table: one row per point of each series, in the order of x.
  const rows = series
    .flatMap((s) => s.points.map((p) => ({ s, p })))
    .sort((a, b) => a.p.x - b.p.x)
    .map(({ s, p }) => [fmtX(p.x), s.label, fmtY(p.y)])

  return (
    <ChartFrame
      title={title}
      description={description}
      width={width}
      height={height}
      empty={empty}
      table={{ columns: [xLabel, '', ''], rows }}
      legend={series.map((s, i) => ({ label: s.label, className: seriesClass(i), kind: s.line === false ? ('dot' as const) : ('line' as const) }))}
    >
      <Group left={margin.left} top={margin.top}>
        {yTicks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={0} x2={innerW} y1={round(y(tick))} y2={round(y(tick))} />
            <text x={-6} y={round(y(tick))} dy="0.32em" textAnchor="end" className="chart-tick">
              {formatTick(locale, valueKind, tick, currency)}
            </text>
          </g>
        ))}
        {xTicks.map((tick, i) => (
          <text
            key={tick}
            x={round(x(tick))}
            y={innerH + 18}
            textAnchor={xTicks.length > 1 && i === 0 ? 'start' : xTicks.length > 1 && i === xTicks.length - 1 ? 'end' : 'middle'}
            className="chart-tick"
          >
            {fmtX(tick)}
          </text>
        ))}
        <line x1={0} x2={innerW} y1={innerH} y2={innerH} className="chart-axis" />
        {series.map((s, si) => (
          <g key={s.key} data-series={s.key}>
            {s.line !== false && s.points.length > 1 ? (
              <LinePath
                data={s.shape === 'step' ? stepPoints(s.points) : s.points}
                x={(p) => round(x(p.x))}
                y={(p) => round(y(p.y))}
                className={`chart-line ${seriesClass(si)}`}
              />
            ) : null}
            {s.dots || s.line === false || s.points.length === 1
              ? s.points.map((p, pi) => (
                  <circle key={pi} cx={round(x(p.x))} cy={round(y(p.y))} r={4} className={`chart-dot ${seriesClass(si)}`}>
                    <title>{`${s.label}: ${fmtY(p.y)}, ${fmtX(p.x)}`}</title>
                  </circle>
                ))
              : null}
          </g>
        ))}
      </Group>
    </ChartFrame>
  )
}
