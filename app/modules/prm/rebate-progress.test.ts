import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../i18n/format'
import { renderExplanation } from '../incentives/explain'
import { describeRebateProgress, progressChart, type RebateProgress } from './rebate-progress'
import { computeRebate, progressToNext, type RebateRule } from './rebate-rules'

// The dealer's progress card explains each number in both languages (DESIGN §7); the figures come from the pure rules.

function progress(rule: RebateRule, input: { basis: number; previous?: number; bonusBp?: number }, o: Partial<RebateProgress> = {}): RebateProgress {
  const r = computeRebate(rule, input)
  return {
    programmeId: 'p',
    periodId: 'q',
    nameRu: 'Бонус',
    nameEn: 'Rebate',
    periodKind: 'quarter',
    periodStart: '2026-10-01',
    periodEnd: '2026-12-31',
    rule,
    byCategory: false,
    basis: input.basis,
    previous: input.previous ?? 0,
    measured: r.measured,
    months: [
      { month: '2026-10', basis: input.basis / 2 },
      { month: '2026-11', basis: input.basis / 2 },
      { month: '2026-12', basis: 0 },
    ],
    eligible: true,
    minTier: null,
    tier: { nameRu: 'Золото', nameEn: 'Gold' },
    bonusBp: input.bonusBp ?? 0,
    step: r.step,
    rateBp: r.rateBp,
    amountMinor: r.amountMinor,
    next: progressToNext(rule, input),
    accruedMinor: 0,
    lastAccruedOn: null,
    ...o,
  }
}
const render = (p: RebateProgress, locale: 'ru' | 'en') => {
  const { headline, lines } = describeRebateProgress(p)
  return [headline, ...lines].map((l) => renderExplanation(locale, l))
}
const m = (locale: 'ru' | 'en', v: number) => formatMoney(locale, v)
const stepped: RebateRule = {
  kind: 'percent',
  growth: false,
  steps: [
    { from: 1_000_000_00, rateBp: 100 },
    { from: 5_000_000_00, rateBp: 200 },
  ],
}

describe('describeRebateProgress', () => {
  it('says what the next step needs and earns, the step, the amount and the ledger, in ru and en', () => {
    const p = progress(stepped, { basis: 4_200_000_00 }, { accruedMinor: 30_000_00, lastAccruedOn: '2026-11-15' })
    const [headline, basis, step, amount, accrued, changed] = render(p, 'en')
    expect(headline).toBe(
      `Delivered: ${m('en', 4_200_000_00)} of ${m('en', 5_000_000_00)} this quarter: ${m('en', 800_000_00)} more earns 2% instead of 1%`,
    )
    expect(basis).toBe(`Delivered 1 Oct 2026 – 31 Dec 2026 so far: ${m('en', 4_200_000_00)} (net of returns)`)
    expect(step).toBe(`Current step: from ${m('en', 1_000_000_00)}, rate 1%.`)
    expect(amount).toBe(`The rebate at today’s deliveries: 1% × ${m('en', 4_200_000_00)} = ${m('en', 42_000_00)}.`)
    expect(accrued).toContain(m('en', 30_000_00))
    expect(changed).toBe('Deliveries and returns since the last calculation count at the next one.')
    const ru = render(p, 'ru')
    expect(ru[0].replace(/\u00a0/g, ' ')).toBe(
      `Поставлено: ${m('ru', 4_200_000_00)} из ${m('ru', 5_000_000_00)} в этом квартале: ещё ${m('ru', 800_000_00)} — и ставка 2 % вместо 1 %`.replace(
        /\u00a0/g,
        ' ',
      ),
    )
    expect(ru[3]).toContain(`= ${m('ru', 42_000_00)}`)
  })

  it('adds the tier bonus to both rates, named in the reader language', () => {
    const p = progress(stepped, { basis: 2_000_000_00, bonusBp: 50 })
    const en = render(p, 'en')
    expect(en[0]).toContain('earns 2.5% instead of 1.5%')
    expect(en[2]).toBe(`Current step: from ${m('en', 1_000_000_00)}, rate 1.5% (1% of the step + 0.5% for the “Gold” tier).`)
    expect(render(p, 'ru')[2]).toContain('за уровень «Золото»')
  })

  it('below the first step, at the top step, per unit and for growth', () => {
    const below = render(progress(stepped, { basis: 400_000_00 }), 'en')
    expect(below[0]).toContain(`${m('en', 600_000_00)} more earns 1% (nothing is paid below the first step)`)
    expect(below[2]).toBe(`The first step starts at ${m('en', 1_000_000_00)}; below it no rebate is paid.`)
    expect(render(progress(stepped, { basis: 6_000_000_00 }), 'en')[0]).toBe('The top step is reached: 2% on everything counted this quarter')

    const units: RebateRule = {
      kind: 'per_unit',
      growth: false,
      steps: [
        { from: 10, amountPerUnitMinor: 50_00 },
        { from: 30, amountPerUnitMinor: 80_00 },
      ],
    }
    const u = render(progress(units, { basis: 17 }), 'en')
    expect(u[0]).toBe(`Delivered: 17 of 30 units this quarter: 13 more earn ${m('en', 80_00)} a unit instead of ${m('en', 50_00)}`)
    expect(u[3]).toBe(`The rebate at today’s deliveries: ${m('en', 50_00)} × 17 units = ${m('en', 850_00)}.`)

    const growth: RebateRule = { kind: 'percent', growth: true, steps: [{ from: 100_000_00, rateBp: 500 }] }
    const g = progress(growth, { basis: 150_000_00, previous: 120_000_00 })
    const ge = render(g, 'en')
    expect(ge[0]).toBe(
      `Growth: ${m('en', 30_000_00)} of ${m('en', 100_000_00)} this quarter: ${m('en', 70_000_00)} more earns 5% (nothing is paid below the first step)`,
    )
    expect(ge[1]).toContain(`the same period a year before: ${m('en', 120_000_00)}; growth: ${m('en', 30_000_00)}`)
    expect(render(g, 'ru')[0]).toContain('Прирост:')
    // The chart's line is the basis the step needs: a year earlier's plus the step's growth.
    expect(progressChart(g)).toMatchObject({ target: 220_000_00, reached: false })
    expect(progressChart(g).cumulative.map((c) => c.value)).toEqual([75_000_00, 150_000_00, 150_000_00])
  })

  it('tells an ineligible dealer which tier pays, without a rate or an amount', () => {
    const p = progress(
      stepped,
      { basis: 2_000_000_00 },
      { eligible: false, minTier: { rank: 3, nameRu: 'Платина', nameEn: 'Platinum' }, tier: null, amountMinor: 0 },
    )
    const en = render(p, 'en')
    expect(en[0]).toBe('The programme pays partners of the “Platinum” tier and above; you hold no tier in it yet')
    expect(en.join(' ')).not.toContain('rate')
    expect(render(p, 'ru')[0]).toContain('«Платина»')
  })
})
