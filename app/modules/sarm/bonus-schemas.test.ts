import { describe, expect, it } from 'vitest'
import { BonusProgrammeSchema, toBonusProgramme } from './bonus-schemas'

// The desk's programme form as people type it: roubles with a comma or spaces become kopecks, SKUs split on spaces,
// commas or semicolons; a period backwards or over a year, and money that is not a positive amount, are refused.
const form = (o: Record<string, unknown> = {}) =>
  BonusProgrammeSchema.parse({
    nameRu: 'Бонус',
    nameEn: 'Bonus',
    periodStart: '2026-12-01',
    periodEnd: '2026-12-31',
    normUnits: '30',
    rate: '50',
    status: 'active',
    ...o,
  })

describe('toBonusProgramme', () => {
  it.each([
    ['50', 50_00],
    ['12,50', 12_50],
    ['1 500,5', 1_500_50],
    ['0,01', 1],
  ])('reads the rate %s as %i kopecks', (rate, minor) => {
    expect(toBonusProgramme(form({ rate }))).toMatchObject({ ok: true, value: { rateMinor: minor, capMinor: null } })
  })

  it('splits SKUs on spaces, commas and semicolons, once each', () => {
    expect(toBonusProgramme(form({ skus: ' TV-1, TV-2;TV-1\nTV-3 ' }))).toMatchObject({ ok: true, value: { skus: ['TV-1', 'TV-2', 'TV-3'] } })
  })

  it.each([
    [{ rate: '0' }, 'rate', 'bonus.error.badMoney'],
    [{ rate: '-1' }, 'rate', 'bonus.error.badMoney'],
    [{ rate: '5e3' }, 'rate', 'bonus.error.badMoney'],
    [{ cap: '0' }, 'cap', 'bonus.error.badMoney'],
    [{ periodEnd: '2026-11-30' }, 'periodEnd', 'bonus.error.periodOrder'],
    [{ periodEnd: '2028-01-01' }, 'periodEnd', 'bonus.error.periodTooLong'],
  ])('refuses %o on %s', (change, field, message) => {
    expect(toBonusProgramme(form(change))).toEqual({ ok: false, fieldErrors: { [field]: [message] } })
  })

  it('refuses a fractional or negative norm in the schema', () => {
    expect(BonusProgrammeSchema.safeParse({ ...form(), normUnits: '1.5' }).success).toBe(false)
    expect(BonusProgrammeSchema.safeParse({ ...form(), normUnits: '-1' }).success).toBe(false)
  })
})
