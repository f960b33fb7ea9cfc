import { describe, expect, it } from 'vitest'
import {
  binomialTail,
  checkShop,
  concentrationJump,
  defaultThresholds,
  endOfWindow,
  hhi,
  improbableShare,
  lnGamma,
  normalisedHhi,
  sellersVanished,
  velocity,
  zeroSumGain,
  type ShopFigures,
} from './contest-checks'

// The anchors' worked example (partners-and-crm.md §3.3): five sellers at 20 % each over six baseline periods
// (60 units a period), then a contest period with shares 85/5/5/5/0 and the shop's total unchanged.
const baseline = Array.from({ length: 6 }, () => [12, 12, 12, 12, 12])
const starSeller: ShopFigures = { contest: [51, 3, 3, 3, 0], baseline, winner: 0, winnerBaselineUnits: 72, rosterSize: 5 }
// A clean shop: the winner sold a little more and so did the shop.
const clean: ShopFigures = { contest: [16, 14, 13, 12, 11], baseline, winner: 0, winnerBaselineUnits: 72, rosterSize: 5 }

describe('statistics', () => {
  it('HHI, effective sellers and the normalised HHI of the worked example', () => {
    expect(hhi([12, 12, 12, 12, 12])).toBeCloseTo(0.2, 12)
    expect(hhi(starSeller.contest)).toBeCloseTo(0.73, 12)
    expect(1 / hhi(starSeller.contest)).toBeCloseTo(1.37, 2)
    expect(normalisedHhi([12, 12, 12, 12, 12])).toBeCloseTo(0, 12)
    expect(normalisedHhi([5, 0, 0])).toBe(1)
    expect(normalisedHhi([0, 0])).toBe(0)
  })

  it('ln Γ matches factorials', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 12)
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 10)
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
  })

  it('binomial tails: an exact small case, the edges, and the worked example near 5·10⁻²⁷', () => {
    expect(binomialTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 12)
    expect(binomialTail(0, 10, 0.3)).toBe(1)
    expect(binomialTail(11, 10, 0.3)).toBe(0)
    expect(binomialTail(3, 10, 0)).toBe(0)
    const tail = binomialTail(51, 60, 0.2)
    expect(tail).toBeGreaterThan(1e-27)
    expect(tail).toBeLessThan(1e-26)
    expect(binomialTail(14, 60, 0.2)).toBeGreaterThan(0.2)
  })
})

describe('the worked example trips R1, R2 and R4; the clean shop trips none', () => {
  it('R1: HHI 0.73 against a limit of 0.26 (0.20 + 3 × 0.02), the top share 0.85', () => {
    const flag = concentrationJump(starSeller)!
    expect(flag).toMatchObject({ rule: 'R1', reason: 'concentration' })
    expect(flag.figures.hhi).toBeCloseTo(0.73, 12)
    expect(flag.figures.topShare).toBeCloseTo(0.85, 12)
    expect(flag.thresholds.hhi).toBeCloseTo(0.26, 12)
    expect(concentrationJump(clean)).toBeNull()
  })

  it('R2: the winner’s smoothed baseline share is (72 + 1)/(360 + 5) = 0.2, its 51 of 60 improbable', () => {
    const flag = improbableShare(starSeller)!
    expect(flag.rule).toBe('R2')
    expect(flag.figures.baselineShare).toBeCloseTo(0.2, 12)
    expect(flag.figures.tail).toBeLessThan(1e-26)
    expect(improbableShare(clean)).toBeNull()
  })

  it('R4: the winner gained 39 units and the shop none, ι = 0', () => {
    const flag = zeroSumGain(starSeller)!
    expect(flag.figures).toMatchObject({ winnerGain: 39, shopGain: 0, incrementality: 0 })
    expect(zeroSumGain(clean)).toBeNull()
  })

  it('R3 stays quiet: four of five sellers active, the roster covered', () => {
    expect(sellersVanished(starSeller)).toBeNull()
    expect(checkShop(starSeller).map((f) => f.rule)).toEqual(['R1', 'R2', 'R4'])
    expect(checkShop(clean)).toEqual([])
  })
})

describe('the other rules, fired and quiet', () => {
  it('R1 with too short a history compares HHI* with the network’s 95th percentile', () => {
    const young = { ...starSeller, baseline: baseline.slice(0, 2), networkP95NormalisedHhi: 0.4 }
    expect(concentrationJump(young)?.thresholds.networkP95).toBe(0.4)
    expect(concentrationJump({ ...young, networkP95NormalisedHhi: 0.95 })).toBeNull()
    expect(concentrationJump({ ...young, networkP95NormalisedHhi: undefined })).toBeNull()
  })

  it('R3: two of five active while the shop sells as much as before, or a roster barely covered', () => {
    const vanished: ShopFigures = { ...clean, contest: [40, 20, 0, 0, 0] }
    expect(sellersVanished(vanished)?.figures).toMatchObject({ activeSellers: 2, baselineActiveSellers: 5 })
    expect(sellersVanished({ ...clean, rosterSize: 12 })?.figures.rosterCoverage).toBeCloseTo(5 / 12, 12)
    // Fewer sellers but less volume too, and three of five on the roster active: quiet.
    expect(sellersVanished({ ...vanished, contest: [20, 10, 5, 0, 0] })).toBeNull()
  })

  it('R5: units bunched at the end, or the winner’s sales returned at twice the shop’s rate', () => {
    expect(endOfWindow({ lastDaysShare: 0.35, baselineLastDaysShare: 0.1, winnerReturnRate: 0, shopReturnRate: 0.02 })?.rule).toBe('R5')
    expect(endOfWindow({ lastDaysShare: 0.12, baselineLastDaysShare: 0.1, winnerReturnRate: 0.1, shopReturnRate: 0.02 })?.rule).toBe('R5')
    expect(endOfWindow({ lastDaysShare: 0.12, baselineLastDaysShare: 0.1, winnerReturnRate: 0.03, shopReturnRate: 0.02 })).toBeNull()
  })

  it('R7: faster than the network’s 99th percentile, or three sales to one customer', () => {
    expect(velocity({ unitsPerSellerDay: 9, networkP99: 6, mostSalesToOneCustomer: 1 })?.rule).toBe('R7')
    expect(velocity({ unitsPerSellerDay: 2, networkP99: 6, mostSalesToOneCustomer: defaultThresholds.r7SameCustomer })?.rule).toBe('R7')
    expect(velocity({ unitsPerSellerDay: 2, networkP99: 6, mostSalesToOneCustomer: 2 })).toBeNull()
  })

  it('thresholds are the contest’s own: a looser R2 limit lets the same share pass', () => {
    expect(improbableShare(starSeller, { ...defaultThresholds, r2Tail: 1e-30 })).toBeNull()
  })
})
