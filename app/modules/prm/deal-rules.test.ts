import { describe, expect, it } from 'vitest'
import {
  addDays,
  allowedDeskActions,
  canDo,
  dealNumber,
  defaultProtectionDays,
  effectiveStatus,
  priceEndOnClose,
  protectionEnd,
  resolveConflict,
  specialPriceUntil,
} from './deal-rules'
import { DealDecision, DealInput } from './deal-schemas'

describe('deal rules', () => {
  it.each([
    ['submitted', 'approve', true],
    ['submitted', 'resolve', false],
    ['conflict', 'resolve', true],
    ['conflict', 'approve', false],
    ['approved', 'extend', true],
    ['approved', 'won', true],
    ['approved', 'reject', false],
    ['won', 'lost', false],
    ['expired', 'extend', false],
  ] as const)('%s allows %s: %s', (status, action, allowed) => expect(canDo(status, action)).toBe(allowed))

  it('closed deals take no decision', () => {
    for (const s of ['rejected', 'expired', 'won', 'lost'] as const) expect(allowedDeskActions[s]).toEqual([])
  })

  it.each([
    [{ tierDays: 120, programmeDays: 90 }, 120],
    [{ tierDays: null, programmeDays: 60 }, 60],
    [{ tierDays: 0, programmeDays: 45 }, 45],
    [{}, 90],
  ])('protection days %o → %i', (input, days) => expect(defaultProtectionDays(input)).toBe(days))

  it('counts protection from today inclusive, across month and year ends', () => {
    expect(protectionEnd('2026-01-01', 1)).toBe('2026-01-01')
    expect(protectionEnd('2026-12-15', 30)).toBe('2027-01-13')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(priceEndOnClose('2026-03-01')).toBe('2026-02-28')
  })

  it.each([
    [{ status: 'approved', protectedUntil: '2026-05-01' }, '2026-05-01', 'approved'],
    [{ status: 'approved', protectedUntil: '2026-05-01' }, '2026-05-02', 'expired'],
    [{ status: 'submitted', protectedUntil: null }, '2030-01-01', 'submitted'],
    [{ status: 'won', protectedUntil: '2026-05-01' }, '2026-06-01', 'won'],
  ] as const)('%o on %s is %s', (deal, today, status) => expect(effectiveStatus(deal, today)).toBe(status))

  it('a special price never outlives the protection', () => {
    expect(specialPriceUntil({ priceUntil: '2026-12-31', protectedUntil: '2026-06-30', from: '2026-04-01' })).toBe('2026-06-30')
    expect(specialPriceUntil({ priceUntil: '2026-05-15', protectedUntil: '2026-06-30', from: '2026-04-01' })).toBe('2026-05-15')
    expect(specialPriceUntil({ priceUntil: null, protectedUntil: '2026-06-30', from: '2026-04-01' })).toBe('2026-06-30')
    expect(specialPriceUntil({ priceUntil: '2026-03-01', protectedUntil: '2026-06-30', from: '2026-04-01' })).toBe('2026-04-01')
  })

  it('numbers deals D-year-six digits', () => expect(dealNumber(2026, 42)).toBe('D-2026-000042'))

  it('resolving a conflict approves one deal and rejects the other', () => {
    expect(resolveConflict('this', { status: 'approved' })).toEqual({ approve: 'this', reject: 'other' })
    expect(resolveConflict('other', { status: 'submitted' })).toEqual({ approve: 'other', reject: 'this' })
    expect(resolveConflict('other', { status: 'approved' })).toEqual({ approve: null, reject: 'this' })
    expect(resolveConflict('this', { status: 'expired' })).toEqual({ approve: 'this', reject: null })
  })
})

describe('deal forms', () => {
  const valid = {
    endCustomerInn: '7707083893',
    endCustomerName: 'ПАО Сбербанк',
    endCustomerRegion: 'Москва',
    products: 'VK-1000, VK-2000\nVK-1000',
    expectedQty: '10',
    expectedValue: '1 234,50',
    expectedCloseOn: '2030-01-01',
  }
  it('reads a deal as the dealer types it', () => {
    const r = DealInput.safeParse(valid)
    expect(r.success && r.data).toMatchObject({ products: ['VK-1000', 'VK-2000'], expectedQty: 10, expectedValue: 123450, note: '', categoryIds: [] })
  })
  it.each([
    [{ endCustomerInn: '7707083890' }, 'endCustomerInn', 'errors.innInvalid'],
    [{ products: '' }, 'products', 'deals.error.productsOrCategories'],
    [{ expectedQty: '0' }, 'expectedQty', 'deals.error.between|1–10000000'],
    [{ expectedQty: '2,5' }, 'expectedQty', 'deals.error.wholeNumber'],
    [{ expectedValue: '-5' }, 'expectedValue', 'deals.error.money'],
    [{ expectedCloseOn: '2030-02-31' }, 'expectedCloseOn', 'errors.dateInvalid'],
    [{ note: 'x'.repeat(100_000) }, 'note', 'errors.tooLong2000'],
    [{ products: Array.from({ length: 51 }, (_, i) => `SKU-${i}`).join(',') }, 'products', 'deals.error.tooManyProducts'],
  ])('refuses %o on %s', (change, path, message) => {
    const r = DealInput.safeParse({ ...valid, ...change })
    expect(r.success).toBe(false)
    expect(r.error?.issues.find((i) => i.path[0] === path)?.message).toBe(message)
  })
  it('needs a reason to reject or mark lost', () => {
    expect(DealDecision.safeParse({ intent: 'reject', reason: '' }).success).toBe(false)
    expect(DealDecision.safeParse({ intent: 'lost', reason: 'Budget cut' }).success).toBe(true)
  })
})
