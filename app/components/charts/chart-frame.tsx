import { useId, type ReactNode } from 'react'
import { useT } from '../../i18n/react'

export type ChartTable = {
  /** Column headings; the first names the row labels. */
  columns: string[]
  /** Rows of already formatted cells (the same numbers the chart draws). */
  rows: string[][]
}

type Props = {
  title: string
  /** One or two sentences saying what the chart shows, read by screen readers as the image's description. */
  description: string
  /** The viewBox; the SVG is 100 % wide and scales by CSS (no measuring: the server and the browser agree). */
  width: number
  height: number
  /** The same numbers as a table under "show as table". */
  table?: ChartTable
  /** A legend under the chart: labels and their palette classes. */
  legend?: { label: string; className: string; kind?: 'swatch' | 'line' | 'dot' }[]
  /** Shown instead of the drawing when there is nothing to draw. */
  empty?: boolean
  children: ReactNode
}

// The frame every chart of the portal sits in: a heading, an SVG image with an accessible name and description
// (role="img", <title> and <desc> referenced by aria-labelledby/aria-describedby, ids from useId so the server and
// the browser agree), a legend, and the numbers as a table in a <details>.
// Colours come from classes styled in app.css (the CSP allows no inline styles, so there are no style attributes).
export function ChartFrame({ title, description, width, height, table, legend, empty, children }: Props) {
  const { t } = useT()
  const id = useId()
  const titleId = `${id}-title`
  const descId = `${id}-desc`
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart-title">
        {title}
      </figcaption>
      {empty ? (
        <p className="chart-empty muted">{t('chart.empty')}</p>
      ) : (
        <svg
          className="chart-svg"
          viewBox={`0 0 ${width} ${height}`}
          preserveAspectRatio="xMidYMid meet"
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{description}</desc>
          {children}
        </svg>
      )}
      {!empty && legend && legend.length > 0 ? (
        <ul className="chart-legend">
          {legend.map((item) => (
            <li key={item.label}>
              <svg className="chart-key" viewBox="0 0 16 10" aria-hidden="true">
                {item.kind === 'line' ? (
                  <line x1={0} y1={5} x2={16} y2={5} className={`chart-line ${item.className}`} />
                ) : item.kind === 'dot' ? (
                  <circle cx={8} cy={5} r={4} className={`chart-dot ${item.className}`} />
                ) : (
                  <rect x={0} y={0} width={16} height={10} className={`chart-bar ${item.className}`} />
                )}
              </svg>
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
      {!empty && table ? (
        <details className="chart-table">
          <summary>{t('chart.showTable')}</summary>
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {table.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, c) =>
                      c === 0 ? (
                        <th key={c} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={c} className="num">
                          {cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  )
}
