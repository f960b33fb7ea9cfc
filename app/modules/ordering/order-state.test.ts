import { describe, expect, it } from 'vitest'
import { backorderedOf, orderTotals, statusOfConfirmed } from './order-state'

const line = (qty: number, confirmedQty: number | null, cancelledQty = 0, shippedQty = 0) => ({ qty, confirmedQty, cancelledQty, shippedQty })

describe('the status of a confirmed order follows its lines', () => {
  it.each([
    ['all confirmed, nothing shipped', [line(15, 15)], 'confirmed'],
    ['10 of 15, the rest backordered', [line(15, 10)], 'partly_confirmed'],
    ['10 of 15, the rest cancelled', [line(15, 10, 5)], 'partly_confirmed'],
    ['all confirmed, part shipped', [line(15, 15, 0, 5)], 'partly_shipped'],
    ['confirmed part shipped, the rest backordered', [line(15, 10, 0, 10)], 'partly_shipped'],
    ['confirmed part shipped, the rest cancelled', [line(15, 10, 5, 10)], 'shipped'],
    ['two lines, one still open', [line(2, 2, 0, 2), line(3, 3, 0, 1)], 'partly_shipped'],
  ])('%s → %s', (_name, lines, status) => expect(statusOfConfirmed(lines)).toBe(status))

  it('counts a backordered rest only once the line is confirmed', () => {
    expect(backorderedOf(line(15, null))).toBe(0)
    expect(backorderedOf(line(15, 10))).toBe(5)
    expect(backorderedOf(line(15, 10, 5))).toBe(0)
  })
})

describe('order totals follow the confirmed quantities', () => {
  const freight = { incoterm: 'DAP', freightTerms: 'prepaid_add', freightMinor: 500_00, freeFreightMinor: 1_000_00 }
  it('prices 10 of 15 confirmed units, and freight is charged again below the threshold', () => {
    const ordered = orderTotals([{ ...line(15, null), unitPriceMinor: 100_00, vatBp: 2200 }], freight)
    expect(ordered).toMatchObject({ netMinor: 1_500_00, vatMinor: 330_00, freightMinor: 0, grossMinor: 1_830_00 })
    const confirmed = orderTotals([{ ...line(15, 8, 7), unitPriceMinor: 100_00, vatBp: 2200 }], freight)
    expect(confirmed).toMatchObject({ netMinor: 800_00, vatMinor: 176_00, freightMinor: 500_00, grossMinor: 1_476_00 })
    expect(confirmed.lines).toEqual([{ netMinor: 800_00, vatMinor: 176_00 }])
  })
})
