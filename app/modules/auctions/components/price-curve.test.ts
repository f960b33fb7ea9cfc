import { describe, expect, it } from 'vitest'
import type { BuyerLotView, SupplierLotView } from '../views'
import { bestCurve, curveSeries } from './price-curve'

// The price curve shows no more than the room's visibility preset: built from the audience's own view only.
const labels = { best: 'best', own: 'own', bids: 'bids' }
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 9, 0, s)).toISOString()
const common = { lineNo: 1, startsAt: at(0), startPriceMinor: 1000_00, serverNow: at(50), currency: 'RUB' }
const supplier = (extra: Partial<SupplierLotView>) =>
  ({
    ...common,
    visibility: 'rank',
    own: {
      rank: 2,
      lastBidMinor: 950_00,
      alias: 1,
      bids: [
        { seq: 2, priceMinor: 950_00, receivedAt: at(20), hash: 'h', disqualifiedReason: null },
        { seq: 4, priceMinor: 10_00, receivedAt: at(30), hash: 'h', disqualifiedReason: 'typo' },
      ],
    },
    ...extra,
  }) as unknown as SupplierLotView

describe('bestCurve', () => {
  it('keeps each new lowest price in time order', () => {
    expect(
      bestCurve([
        { priceMinor: 900, at: at(20) },
        { priceMinor: 950, at: at(10) },
        { priceMinor: 920, at: at(30) },
        { priceMinor: 800, at: at(40) },
      ]).map((p) => p.y),
    ).toEqual([950, 900, 800])
  })
})

describe('curveSeries', () => {
  it('gives a supplier under "rank" its own standing bids only, never a best price', () => {
    const series = curveSeries(supplier({}), labels)
    expect(series.map((s) => s.key)).toEqual(['own'])
    expect(series[0]!.points.map((p) => p.y)).toEqual([950_00])
  })

  it('under "rank + best" adds the current best price as one point, no past', () => {
    const series = curveSeries(supplier({ visibility: 'rank_best', bestMinor: 900_00 }), labels)
    expect(series.find((s) => s.key === 'best')!.points).toEqual([{ x: Date.parse(at(50)), y: 900_00 }])
  })

  it('under "full" draws the best price from the anonymised history, from the start price', () => {
    const series = curveSeries(
      supplier({
        visibility: 'full',
        history: [
          { alias: 2, priceMinor: 980_00, at: at(10) },
          { alias: 1, priceMinor: 950_00, at: at(20) },
          { alias: 2, priceMinor: 960_00, at: at(25) },
        ],
      }),
      labels,
    )
    expect(series.find((s) => s.key === 'best')!.points.map((p) => p.y)).toEqual([1000_00, 980_00, 950_00])
  })

  it('gives the buyer every standing bid and the best price after each', () => {
    const view = {
      ...common,
      bids: [
        {
          seq: 1,
          supplierOrgId: 'a',
          supplierName: 'A',
          priceMinor: 990_00,
          receivedAt: at(5),
          extendedTo: null,
          disqualifiedReason: null,
          hash: 'h',
        },
        {
          seq: 2,
          supplierOrgId: 'b',
          supplierName: 'B',
          priceMinor: 900_00,
          receivedAt: at(15),
          extendedTo: null,
          disqualifiedReason: 'error',
          hash: 'h',
        },
        {
          seq: 3,
          supplierOrgId: 'b',
          supplierName: 'B',
          priceMinor: 970_00,
          receivedAt: at(25),
          extendedTo: null,
          disqualifiedReason: null,
          hash: 'h',
        },
      ],
    } as unknown as BuyerLotView
    const [best, bids] = curveSeries(view, labels)
    expect(best!.points.map((p) => p.y)).toEqual([1000_00, 990_00, 970_00])
    expect(bids!.points).toHaveLength(2)
  })
})
