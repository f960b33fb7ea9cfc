import { describe, expect, it } from 'vitest'
import { addWorkingDays, checkRequestedDate, dispatchDay, earliestDelivery, makeCalendar, type WarehouseSupply } from './earliest-date'
import { ruNonWorkingDays } from './ru-calendar'

const ru = makeCalendar({ nonWorking: ruNonWorkingDays })
const msk = (local: string) => new Date(`${local}+03:00`)
const base = { timeZone: 'Europe/Moscow', cutoff: '14:00', calendar: ru }

describe('working days', () => {
  it.each([
    ['2026-11-20', 1, '2026-11-23'], // Friday + 1 → Monday
    ['2026-11-03', 1, '2026-11-05'], // 4 November is a holiday
    ['2026-12-30', 1, '2027-01-11'], // 31 December and the New Year holidays
    ['2026-11-21', 0, '2026-11-23'], // Saturday + 0 → the next working day
    ['2026-03-06', 1, '2026-03-10'], // 9 March replaces Sunday 8 March
    ['2026-11-23', 5, '2026-11-30'],
  ])('%s + %i working days = %s', (day, n, expected) => expect(addWorkingDays(day, n, ru)).toBe(expected))
})

describe('cut-off', () => {
  it.each([
    ['2026-11-23T13:59', '2026-11-23'], // Monday before 14:00 Moscow: ships today
    ['2026-11-23T14:00', '2026-11-24'], // at the cut-off: tomorrow
    ['2026-11-27T16:00', '2026-11-30'], // Friday afternoon: Monday
    ['2026-11-21T10:00', '2026-11-23'], // Saturday: Monday
    ['2026-11-03T15:00', '2026-11-05'], // the day before a holiday, after the cut-off
  ])('an order at %s Moscow time leaves on %s', (local, day) => expect(dispatchDay({ ...base, orderedAt: msk(local) })).toBe(day))

  it('reads the clock in the operator’s zone, not the server’s', () => {
    // 11:30 UTC is 14:30 in Moscow: past the cut-off.
    expect(dispatchDay({ ...base, orderedAt: new Date('2026-11-23T11:30:00Z') })).toBe('2026-11-24')
  })
})

describe('earliest delivery', () => {
  const moscow: WarehouseSupply = { warehouse: 'MSK', atp: 10, nextReceiptDate: '2026-12-01', nextReceiptQty: 100, leadDays: 1 }
  const ekb: WarehouseSupply = { warehouse: 'EKB', atp: 500, nextReceiptDate: null, nextReceiptQty: 0, leadDays: 4 }

  it.each([
    ['from stock at the nearer warehouse', 5, [moscow, ekb], { ok: true, date: '2026-11-24', warehouse: 'MSK', source: 'stock' }],
    [
      'from the farther warehouse when the nearer one is short',
      50,
      [moscow, ekb],
      { ok: true, date: '2026-11-27', warehouse: 'EKB', source: 'stock' },
    ],
    ['after the next receipt when stock alone is short', 50, [moscow], { ok: true, date: '2026-12-02', warehouse: 'MSK', source: 'receipt' }],
    ['nowhere when even the receipt is not enough', 200, [moscow], { ok: false, reason: 'no_stock' }],
  ])('%s', (_name, qty, supply, expected) => {
    expect(earliestDelivery({ ...base, qty, orderedAt: msk('2026-11-23T10:00'), supply })).toEqual(expected)
  })
})

describe('requested date', () => {
  it.each([
    ['2026-11-25', '2026-11-24', { ok: true }],
    ['2026-11-24', '2026-11-24', { ok: true }],
    ['2026-11-20', '2026-11-24', { ok: false, reason: 'before_earliest', suggestion: '2026-11-24' }],
    ['2026-11-28', '2026-11-24', { ok: false, reason: 'not_working_day', suggestion: '2026-11-30' }],
    ['2026-11-04', '2026-11-02', { ok: false, reason: 'not_working_day', suggestion: '2026-11-05' }],
  ])('%s with earliest %s → %j', (requested, earliest, result) => expect(checkRequestedDate(requested, earliest, ru)).toEqual(result))
})
