import { LineChart, type LineSeries } from '../../../components/charts'
import { useT } from '../../../i18n/react'
import type { BuyerLotView, SupplierLotView } from '../views'

// The lot's price curve in the auction room: the best price over time as a step line, and bids as dots. It is built
// only from what the view already carries, so it shows exactly what the room's visibility preset shows:
// - the buyer: every bid (struck ones left out) and the best price after each;
// - a supplier under "full": the anonymised standing bids (history) and the best price they make, its own bids marked;
// - a supplier under "rank + best": its own bids and the current best price (no past of the others: the room has none);
// - a supplier under "rank": its own bids only.
// The views arrive live over the room's socket, so the curve follows the bidding without new events.

type Point = { x: number; y: number }

/** Each new best (lowest) price, in time order: a reverse auction's best price only falls. */
export function bestCurve(bids: { priceMinor: number; at: string }[]): Point[] {
  const sorted = [...bids].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  const out: Point[] = []
  for (const b of sorted) {
    const last = out[out.length - 1]
    if (!last || b.priceMinor < last.y) out.push({ x: Date.parse(b.at), y: b.priceMinor })
  }
  return out
}

type Labels = { best: string; own: string; bids: string }

export function curveSeries(view: SupplierLotView | BuyerLotView, labels: Labels): LineSeries[] {
  const start = Date.parse(view.startsAt)
  const withStart = (curve: Point[]) => (curve.length && start < curve[0]!.x ? [{ x: start, y: view.startPriceMinor }, ...curve] : curve)
  if ('bids' in view) {
    const bids = view.bids.filter((b) => !b.disqualifiedReason).map((b) => ({ priceMinor: b.priceMinor, at: b.receivedAt }))
    return [
      { key: 'best', label: labels.best, shape: 'step', points: withStart(bestCurve(bids)) },
      { key: 'bids', label: labels.bids, line: false, points: bids.map((b) => ({ x: Date.parse(b.at), y: b.priceMinor })) },
    ]
  }
  const own = view.own.bids.filter((b) => !b.disqualifiedReason).map((b) => ({ x: Date.parse(b.receivedAt), y: b.priceMinor }))
  const series: LineSeries[] = []
  if (view.history) {
    series.push({ key: 'best', label: labels.best, shape: 'step', points: withStart(bestCurve(view.history)) })
  } else if (view.bestMinor !== undefined && view.bestMinor !== null) {
    series.push({ key: 'best', label: labels.best, line: false, points: [{ x: Date.parse(view.serverNow), y: view.bestMinor }] })
  }
  series.push({ key: 'own', label: labels.own, line: false, points: own })
  return series
}

export function LotPriceCurve({ view }: { view: SupplierLotView | BuyerLotView }) {
  const { t } = useT()
  const series = curveSeries(view, { best: t('curve.best'), own: t('curve.own'), bids: t('curve.bids') })
  if (series.every((s) => s.points.length === 0)) return null
  const buyer = 'bids' in view
  return (
    <div className="lot-curve" data-curve={view.lineNo}>
      <LineChart
        title={t('curve.title', { lot: view.lineNo })}
        description={t(
          buyer ? 'curve.descBuyer' : view.history ? 'curve.descFull' : view.bestMinor !== undefined ? 'curve.descBest' : 'curve.descOwn',
        )}
        series={series}
        xKind="time"
        valueKind="money"
        currency={view.currency}
        xLabel={t('curve.time')}
        height={220}
      />
    </div>
  )
}

type ReportLot = {
  lineNo: number
  item: string
  startPriceMinor: number
  ownBids: { priceMinor: number; receivedAt: string; disqualifiedReason: string | null }[]
  curve: { at: string; priceMinor: number; own: boolean }[]
}

/**
 * The supplier's report as charts: per lot its own bids against the best price, from the report's allow-listed
 * points only (the curve is empty unless the tender's disclosure shows it: then only its own bids).
 */
export function ReportCurves({ lots, currency }: { lots: ReportLot[]; currency: string }) {
  const { t } = useT()
  const drawn = lots.filter((l) => l.ownBids.length > 0 || l.curve.length > 0)
  if (drawn.length === 0) return null
  return (
    <section aria-labelledby="report-curves-title" className="card">
      <h2 id="report-curves-title">{t('curve.reportTitle')}</h2>
      {drawn.map((l) => {
        const best = bestCurve(l.curve)
        const series: LineSeries[] = []
        if (best.length) series.push({ key: 'best', label: t('curve.best'), shape: 'step', points: best })
        series.push({
          key: 'own',
          label: t('curve.own'),
          line: false,
          points: l.ownBids.filter((b) => !b.disqualifiedReason).map((b) => ({ x: Date.parse(b.receivedAt), y: b.priceMinor })),
        })
        return (
          <LineChart
            key={l.lineNo}
            title={t('curve.reportLot', { lot: l.lineNo, item: l.item })}
            description={t(best.length ? 'curve.descReport' : 'curve.descOwn')}
            series={series}
            xKind="time"
            valueKind="money"
            currency={currency}
            xLabel={t('curve.time')}
            height={220}
          />
        )
      })}
    </section>
  )
}
