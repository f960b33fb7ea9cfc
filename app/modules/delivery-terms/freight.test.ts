import { describe, expect, it } from 'vitest'
import { freightFor, freightPolicy, termsContradictions } from './freight'

const rule = (incoterm: string, freightTerms: string, freightMinor = 0, freeFreightMinor: number | null = null) => ({
  incoterm,
  freightTerms,
  freightMinor,
  freeFreightMinor,
})

describe('freight policy from the Incoterm and the freight terms', () => {
  it.each([
    // E and F rules: the buyer carries, whatever was stored.
    ['EXW', 'collect', 0, null, { kind: 'buyer' }],
    ['FCA', 'collect', 0, null, { kind: 'buyer' }],
    ['FOB', 'prepaid_add', 3500_00, 100_000_00, { kind: 'buyer' }],
    // C and D rules: the seller delivers; billed only when prepaid and added with a price.
    ['CPT', 'prepaid', 0, null, { kind: 'included' }],
    ['DAP', 'prepaid', 3500_00, null, { kind: 'included' }],
    ['DAP', 'prepaid_add', 0, null, { kind: 'included' }],
    ['DAP', 'prepaid_add', 3500_00, null, { kind: 'charged', rateMinor: 3500_00, freeFromMinor: null }],
    ['DDP', 'prepaid_add', 3500_00, 150_000_00, { kind: 'charged', rateMinor: 3500_00, freeFromMinor: 150_000_00 }],
  ])('%s with %s (%i, threshold %s) → %j', (incoterm, terms, rate, threshold, policy) =>
    expect(freightPolicy(rule(incoterm, terms, rate, threshold))).toEqual(policy),
  )

  it('bills freight only below the threshold, and never under a policy that bills nothing', () => {
    const dap = rule('DAP', 'prepaid_add', 3500_00, 150_000_00)
    expect(freightFor(dap, 100_000_00)).toMatchObject({ freightMinor: 3500_00, missingForFreeMinor: 50_000_00 })
    expect(freightFor(dap, 150_000_00)).toMatchObject({ freightMinor: 0, missingForFreeMinor: 0 })
    // "Free delivery" cannot appear beside "the buyer pays": under FCA there is no threshold to reach.
    expect(freightFor(rule('FCA', 'prepaid_add', 3500_00, 150_000_00), 10_00)).toMatchObject({ freightMinor: 0, missingForFreeMinor: null })
    expect(freightFor(rule('CPT', 'prepaid', 3500_00), 10_00)).toMatchObject({ freightMinor: 0, missingForFreeMinor: null })
  })
})

describe('the desk form refuses combinations that make no sense, field by field', () => {
  it.each([
    ['EXW', 'prepaid', 0, null, { freightTerms: ['terms.error.buyerCarries|EXW'] }],
    ['FCA', 'collect', 3500_00, null, { freightMinor: ['terms.error.noChargeHere'] }],
    ['FCA', 'collect', 0, 100_000_00, { freeFreightMinor: ['terms.error.noThresholdHere'] }],
    ['DAP', 'collect', 0, null, { freightTerms: ['terms.error.sellerCarries|DAP'] }],
    ['CPT', 'prepaid', 3500_00, 100_000_00, { freightMinor: ['terms.error.noChargeHere'], freeFreightMinor: ['terms.error.noThresholdHere'] }],
    ['DAP', 'prepaid_add', 0, 100_000_00, { freeFreightMinor: ['terms.error.thresholdWithoutCharge'] }],
    ['DAP', 'prepaid_add', 3500_00, 100_000_00, {}],
    ['CPT', 'prepaid', 0, null, {}],
    ['EXW', 'collect', 0, null, {}],
  ])('%s, %s, %i, %s → %j', (incoterm, terms, rate, threshold, errors) =>
    expect(termsContradictions(rule(incoterm, terms, rate, threshold))).toEqual(errors),
  )
})
