import { describe, expect, it } from 'vitest'
import type { TierCriterion } from '../../../db/schema/prm'
import { parseThreshold, thresholdText, tierFormIssues, toTierEdits, type TierRowValue } from './tier-schemas'

// The tier editor's pure rules: thresholds typed in their kind's unit, and the ladder's rules with their fields.

describe('parseThreshold', () => {
  it.each<[TierCriterion['kind'], string, number | string]>([
    ['revenue_12m', '2 000 000', 2_000_000_00],
    ['revenue_12m', '1234,5', 1_234_50],
    ['revenue_12m', '1,234.56', 1_234_56],
    ['revenue_12m', '-5', 'tierEditor.error.roubles'],
    ['revenue_12m', '1,234', 'tierEditor.error.roubles'],
    ['overdue_amount', '0', 0],
    ['growth_12m', '12,5', 1250],
    ['growth_12m', '-20', -2000],
    ['growth_12m', '-150', 'tierEditor.error.between|text:−100…10 000'],
    ['growth_12m', '1.234', 'tierEditor.error.percent'],
    ['certified_staff', '3', 3],
    ['certified_staff', '2,5', 'tier.error.wholeNumber'],
    ['active_months_12m', '13', 'tierEditor.error.between|text:0…12'],
    ['overdue_days', '3651', 'tierEditor.error.between|text:0…3650'],
    ['order_count_12m', 'ten', 'tier.error.wholeNumber'],
  ])('%s "%s" → %s', (kind, text, expected) => {
    const r = parseThreshold(kind, text)
    expect(r.ok ? r.value : r.message).toBe(expected)
  })

  it('reads back what it shows', () => {
    for (const [kind, stored] of [
      ['revenue_12m', 2_000_000_50],
      ['growth_12m', -1250],
      ['certified_staff', 4],
    ] as const)
      expect(parseThreshold(kind, thresholdText(kind, stored))).toEqual({ ok: true, value: stored })
  })
})

const tier = (o: Partial<TierRowValue> & Pick<TierRowValue, 'rank' | 'nameEn'>): TierRowValue => ({
  nameRu: `${o.nameEn} ru`,
  criteria: [],
  ...o,
})
const revenue = (threshold: string, categoryIds: string[] = []) => ({ kind: 'revenue_12m' as const, op: 'gte' as const, threshold, categoryIds })

describe('tierFormIssues', () => {
  it('passes a sound ladder', () => {
    const ladder = [
      tier({ rank: 1, nameEn: 'Partner' }),
      tier({ rank: 2, nameEn: 'Silver', criteria: [revenue('1 000 000')] }),
      tier({ rank: 3, nameEn: 'Gold', criteria: [revenue('3 000 000'), { kind: 'overdue_days', op: 'lte', threshold: '0', categoryIds: [] }] }),
    ]
    expect(tierFormIssues(ladder, 'en')).toEqual([])
  })

  it('names the nearest lower tier that asks more, skipping one that does not name the criterion', () => {
    const ladder = [
      tier({ rank: 1, nameEn: 'Partner' }),
      tier({ rank: 2, nameEn: 'Silver', criteria: [revenue('3 000 000')] }),
      tier({ rank: 3, nameEn: 'Gold', criteria: [{ kind: 'certified_staff', op: 'gte', threshold: '2', categoryIds: [] }] }),
      tier({ rank: 4, nameEn: 'Platinum', criteria: [revenue('2 000 000')] }),
    ]
    expect(tierFormIssues(ladder, 'en')).toEqual([
      { path: ['tiers', 3, 'criteria', 0, 'threshold'], message: 'tierEditor.error.easier.revenue_12m.gte|text:Silver' },
    ])
  })

  it('compares criteria only over the same categories', () => {
    const cat = '00000000-0000-4000-8000-000000000001'
    const ladder = [
      tier({ rank: 1, nameEn: 'Partner' }),
      tier({ rank: 2, nameEn: 'Silver', criteria: [revenue('3 000 000')] }),
      tier({ rank: 3, nameEn: 'Gold', criteria: [revenue('3 000 000'), revenue('1 000 000', [cat])] }),
    ]
    expect(tierFormIssues(ladder, 'en')).toEqual([])
  })

  it('refuses gaps in ranks and an entry tier with criteria', () => {
    const ladder = [tier({ rank: 1, nameEn: 'Partner', criteria: [revenue('1')] }), tier({ rank: 3, nameEn: 'Gold', criteria: [revenue('2')] })]
    expect(tierFormIssues(ladder, 'en').map((i) => i.message)).toEqual(['tierEditor.error.ranks', 'tierEditor.error.entryNoCriteria'])
  })
})

describe('the deal bonus benefit', () => {
  const ladder = (dealBonus: string) => [tier({ rank: 1, nameEn: 'Partner' }), tier({ rank: 2, nameEn: 'Gold', criteria: [revenue('1')], dealBonus })]

  it.each(['150', '-1', '100,01', '1,255', '2 %', 'два', '1e2'])('refuses %s beside the field', (dealBonus) => {
    expect(tierFormIssues(ladder(dealBonus), 'en')).toEqual([{ path: ['tiers', 1, 'dealBonus'], message: 'tierEditor.error.rebateBonus' }])
  })

  it.each<[string, number | undefined]>([
    ['2', 200],
    ['0,5', 50],
    ['2.25', 225],
    ['100', 10_000],
    ['', undefined],
  ])('stores %s as %s basis points', (dealBonus, bp) => {
    expect(tierFormIssues(ladder(dealBonus), 'en')).toEqual([])
    expect(toTierEdits(ladder(dealBonus))[1].benefits.dealBonusBp).toBe(bp)
  })
})
