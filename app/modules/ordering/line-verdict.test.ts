import { describe, expect, it } from 'vitest'
import { makeCalendar } from '../delivery-terms/earliest-date'
import { judgeLine, type LineVerdict, type VerdictProduct, type VerdictSupply } from './line-verdict'

const product: VerdictProduct = { minQty: 10, packSize: 5, maxQty: 100, active: true, substituteSku: null }
const warehouse = (code: string, atp: number, receipt = 0, leadDays = 1): VerdictSupply => ({
  warehouse: code,
  warehouseId: `id-${code}`,
  warehouseRu: code,
  warehouseEn: code,
  atp,
  nextReceiptQty: receipt,
  nextReceiptDate: receipt ? '2026-12-21' : null,
  leadDays,
})
// Monday 7 December 2026, 10:00 in Moscow: before the cut-off on a working day.
const clock = { orderedAt: new Date('2026-12-07T07:00:00Z'), timeZone: 'Europe/Moscow', cutoff: '14:00', calendar: makeCalendar({ nonWorking: [] }) }
const judge = (o: { product?: VerdictProduct | null; priced?: boolean; qtyRaw: string; supply?: VerdictSupply[] }) =>
  judgeLine({
    product: o.product === undefined ? product : o.product,
    priced: o.priced ?? true,
    qtyRaw: o.qtyRaw,
    supply: o.supply ?? [warehouse('MSK', 50)],
    clock,
  })

describe('one verdict per line, the first failing check names it', () => {
  it.each<[string, Parameters<typeof judge>[0], Partial<LineVerdict>]>([
    ['unknown reference', { product: null, qtyRaw: '10' }, { reason: 'unknown' }],
    [
      'not priced: outside the assortment, before anything else about it',
      { priced: false, product: { ...product, active: false }, qtyRaw: 'x' },
      { reason: 'not_in_assortment' },
    ],
    [
      'discontinued, naming its substitute',
      { product: { ...product, active: false, substituteSku: 'NEW-1' }, qtyRaw: '10' },
      { reason: 'discontinued', substitute: 'NEW-1' },
    ],
    ['a word', { qtyRaw: 'десять' }, { reason: 'not_a_number', qty: null }],
    ['a decimal comma', { qtyRaw: '12,5' }, { reason: 'not_whole', suggestion: 15 }],
    ['zero', { qtyRaw: '0' }, { reason: 'not_positive', suggestion: 10 }],
    ['below the minimum', { qtyRaw: '5' }, { reason: 'min', suggestion: 10 }],
    ['not a whole number of packs', { qtyRaw: '12' }, { reason: 'increment', suggestion: 15 }],
    ['over the maximum', { qtyRaw: '105' }, { reason: 'max', suggestion: 100 }],
    [
      'from stock',
      { qtyRaw: '1 0' },
      {
        reason: null,
        qty: 10,
        delivery: { date: '2026-12-08', warehouseId: 'id-MSK', warehouse: 'MSK', warehouseRu: 'MSK', warehouseEn: 'MSK', fromReceiptQty: 0 },
      },
    ],
    [
      'over stock now, one warehouse with its receipt covers it',
      { qtyRaw: '60', supply: [warehouse('MSK', 50, 20), warehouse('EKB', 40)] },
      { reason: null, available: 70, delivery: expect.objectContaining({ warehouse: 'MSK', fromReceiptQty: 10 }) },
    ],
    [
      'covered over two warehouses only: out of stock, the most one can deliver',
      { qtyRaw: '60', supply: [warehouse('MSK', 35), warehouse('EKB', 40)] },
      { reason: 'out_of_stock', available: 40, delivery: null },
    ],
    [
      'the soonest warehouse wins',
      { qtyRaw: '20', supply: [warehouse('MSK', 50, 0, 5), warehouse('EKB', 40, 0, 2)] },
      { reason: null, delivery: expect.objectContaining({ warehouse: 'EKB' }) },
    ],
  ])('%s', (_name, input, verdict) => expect(judge(input)).toMatchObject(verdict))
})
