import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderExplanation } from '../incentives/explain'
import { awardPrizes, normBonus, normBonusExplanation, normProgress, type NormBonusRule } from './bonus-rules'

const rule: NormBonusRule = { norm: 30, ratePerUnitMinor: 50_00, capMinor: null }

describe('the bonus above a norm', () => {
  it.each([
    [0, 0, 0],
    [29, 0, 0],
    [30, 0, 0],
    [31, 1, 50_00],
    [47, 17, 850_00],
  ])('%i confirmed units: %i above the norm, %i kopecks', (units, above, amount) => {
    expect(normBonus(rule, units)).toMatchObject({ above, amountMinor: amount, capped: false })
  })

  it('a cap bounds the amount and says so', () => {
    expect(normBonus({ ...rule, capMinor: 500_00 }, 47)).toEqual({
      units: 47,
      norm: 30,
      above: 17,
      grossMinor: 850_00,
      amountMinor: 500_00,
      capped: true,
    })
  })

  it('explains itself in both languages, as the issue words it', () => {
    const bonus = normBonus(rule, 47)
    expect(renderExplanation('en', normBonusExplanation(rule, bonus))).toBe('47 units, norm 30: 17 × ₽50.00 = ₽850.00')
    expect(renderExplanation('ru', normBonusExplanation(rule, bonus)).replace(/\s/g, ' ')).toBe('47 шт., норма 30: 17 × 50,00 ₽ = 850,00 ₽')
    const capped = { ...rule, capMinor: 500_00 }
    expect(renderExplanation('en', normBonusExplanation(capped, normBonus(capped, 47)))).toBe(
      '47 units, norm 30: 17 × ₽50.00 = ₽850.00, at most ₽500.00 a period: ₽500.00',
    )
  })

  it('during the period: units to the norm, and what the next unit earns (nothing past the cap)', () => {
    expect(normProgress(rule, 26)).toMatchObject({ toNorm: 4, nextUnitMinor: 0 })
    expect(normProgress(rule, 30)).toMatchObject({ toNorm: 0, nextUnitMinor: 50_00 })
    expect(normProgress({ ...rule, capMinor: 100_00 }, 32)).toMatchObject({ amountMinor: 100_00, nextUnitMinor: 0 })
  })
})

describe("a contest's prizes", () => {
  it('go to the qualified by score, ties by id; a score of zero wins nothing', () => {
    const standings = [
      { assistantId: 'b', score: 40, qualified: true },
      { assistantId: 'a', score: 40, qualified: true },
      { assistantId: 'c', score: 90, qualified: false },
      { assistantId: 'd', score: 0, qualified: true },
    ]
    expect(awardPrizes(standings, [30_000_00, 10_000_00, 5_000_00])).toEqual([
      { assistantId: 'a', rank: 1, score: 40, amountMinor: 30_000_00 },
      { assistantId: 'b', rank: 2, score: 40, amountMinor: 10_000_00 },
    ])
  })

  it('never pay more than the prizes listed, and only winners (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ assistantId: fc.uuid(), score: fc.nat(1000), qualified: fc.boolean() }), {
          maxLength: 60,
          selector: (s) => s.assistantId,
        }),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { maxLength: 10 }),
        (standings, prizes) => {
          const awards = awardPrizes(standings, prizes)
          const paid = awards.reduce((s, a) => s + a.amountMinor, 0)
          expect(paid).toBeLessThanOrEqual(prizes.reduce((s, p) => s + p, 0))
          expect(awards.length).toBeLessThanOrEqual(prizes.length)
          for (const a of awards) expect(standings.some((s) => s.assistantId === a.assistantId && s.qualified && s.score > 0)).toBe(true)
          expect(new Set(awards.map((a) => a.assistantId)).size).toBe(awards.length)
        },
      ),
    )
  })
})
