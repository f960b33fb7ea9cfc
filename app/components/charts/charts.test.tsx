import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import type { ReactElement } from 'react'
import { describe, expect, it } from 'vitest'
import { Outlet } from 'react-router-dom'
import { BarChart, LineChart, StackedBarChart } from './index'

// Charts render on the server exactly as a page would: under a root route whose loader gives the locale and zone.
async function render(element: ReactElement, locale: 'ru' | 'en' = 'en') {
  const routes = [
    { id: 'root', path: '/', loader: () => ({ locale, timeZone: 'Europe/Moscow' }), element: <Outlet />, children: [{ index: true, element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('unexpected response')
  const router = createStaticRouter(handler.dataRoutes, context)
  return renderToString(<StaticRouterProvider router={router} context={context} hydrate={false} />)
}

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0

describe('BarChart', () => {
  const data = [
    { label: 'Jan', values: { a: 150000, b: 50000 } },
    { label: 'Feb', values: { a: 250000, b: 0 } },
  ]
  const series = [
    { key: 'a', label: 'Accrued' },
    { key: 'b', label: 'Paid' },
  ]

  it('draws one bar per non-zero value with an accessible name, description and the numbers in a table', async () => {
    const html = await render(
      <BarChart
        title="Rebates"
        description="Accrued by month"
        series={series}
        data={data}
        valueKind="money"
        line={{ label: 'Budget', values: [300000, 300000] }}
      />,
    )
    expect(count(html, /<rect[^>]*class="visx-bar chart-bar/g)).toBe(3)
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"/)
    const labelledBy = /role="img" aria-labelledby="([^"]+)"/.exec(html)![1]!
    expect(html).toContain(`<title id="${labelledBy}">Rebates</title>`)
    expect(html).toContain('Accrued by month</desc>')
    expect(html).toContain('<summary>Show as table</summary>')
    // Money in kopecks is shown in roubles, in the reader's locale.
    expect(html).toContain('<td class="num">₽1,500.00</td>')
    expect(html).toContain('<td class="num">₽3,000.00</td>')
    // The budget line is drawn.
    expect(html).toMatch(/<path[^>]*class="visx-linepath chart-line chart-ref"[^>]*d="M/)
    expect(html).not.toContain('style=')
    expect(html).toContain('>₽3k</text>')
  })

  it('stacks the series into one bar per category', async () => {
    const html = await render(<BarChart title="Deals" description="d" series={series} data={data} mode="stacked" />)
    const bars = [...html.matchAll(/<rect[^>]*class="visx-bar chart-bar chart-s(\d)"[^>]*>/g)]
    expect(bars).toHaveLength(3)
    const jan = bars.slice(0, 2).map((m) => /x="([\d.]+)"/.exec(m[0])![1])
    expect(jan[0]).toBe(jan[1])
  })

  it('formats ticks and table in Russian for a Russian reader', async () => {
    const html = await render(<BarChart title="Бонусы" description="d" series={series} data={data} valueKind="money" />, 'ru')
    expect(html).toContain('<summary>Показать таблицей</summary>')
    expect(html).toMatch(/1\s500,00\s₽/)
  })

  it('says there is no data instead of an empty drawing', async () => {
    const html = await render(<BarChart title="Empty" description="d" series={series} data={[]} />)
    expect(html).toContain('No data yet')
    expect(html).not.toContain('<svg class="chart-svg"')
  })

  it('renders identically twice (no randomness; ids from useId)', async () => {
    const a = await render(<BarChart title="R" description="d" series={series} data={data} />)
    const b = await render(<BarChart title="R" description="d" series={series} data={data} />)
    expect(a).toBe(b)
  })
})

describe('LineChart', () => {
  const t0 = Date.UTC(2026, 11, 2, 9, 0, 0)
  it('draws the step curve and a dot per own bid, times in the operator zone', async () => {
    const html = await render(
      <LineChart
        title="Price curve"
        description="Best price over time"
        xLabel="Time"
        valueKind="money"
        series={[
          {
            key: 'best',
            label: 'Best price',
            shape: 'step',
            points: [
              { x: t0, y: 1000000 },
              { x: t0 + 60_000, y: 950000 },
              { x: t0 + 120_000, y: 900000 },
            ],
          },
          { key: 'own', label: 'My bids', line: false, points: [{ x: t0 + 60_000, y: 950000 }] },
        ]}
      />,
    )
    // Step: 3 points become 5 vertices.
    const d =
      /class="visx-linepath chart-line chart-s0"[^>]*d="([^"]+)"/.exec(html)?.[1] ??
      /d="([^"]+)"[^>]*class="visx-linepath chart-line chart-s0"/.exec(html)![1]!
    expect(d.split('L')).toHaveLength(5)
    expect(count(html, /<circle[^>]*chart-dot chart-s1"><title>/g)).toBe(1)
    // 09:01 UTC is 12:01 in Moscow.
    expect(html).toContain('12:01:00')
    expect(html).toContain('₽9,500.00')
  })

  it('puts a monthly series’ ticks on month starts and names months, not days', async () => {
    const months = Array.from({ length: 24 }, (_, k) => Date.UTC(2024, 11 + k, 1))
    const html = await render(
      <LineChart
        title="Forecast"
        description="Monthly sales"
        xLabel="Month"
        xKind="month"
        series={[{ key: 'h', label: 'History', points: months.map((x, k) => ({ x, y: 100 + k })) }]}
      />,
      'ru',
    )
    const ticks = [...html.matchAll(/<text[^>]*y="[0-9.]+"[^>]*class="chart-tick"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1])
    expect(ticks).toEqual(expect.arrayContaining(['дек. 2024 г.', 'авг. 2025 г.', 'апр. 2026 г.']))
    expect(html).not.toMatch(/\d{1,2} (сент|июл)\. 20\d\d/)
  })
})

describe('StackedBarChart', () => {
  it('splits each row among the series with the totals', async () => {
    const html = await render(
      <StackedBarChart
        title="Partners by tier and region"
        description="d"
        series={[
          { key: 'silver', label: 'Silver' },
          { key: 'gold', label: 'Gold' },
        ]}
        rows={[
          { label: 'Moscow', values: { silver: 3, gold: 1 } },
          { label: 'Novosibirsk', values: { silver: 2 } },
        ]}
      />,
    )
    expect(count(html, /<rect[^>]*class="visx-bar chart-bar/g)).toBe(3)
    expect(html).toContain('Moscow, Gold: 1 (25%)')
    expect(html).toMatch(/<th scope="row">Novosibirsk<\/th><td class="num">2<\/td><td class="num">0<\/td><td class="num">2<\/td>/)
  })
})
