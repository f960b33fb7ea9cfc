import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import {
  dealRegistrations,
  ledgerLines,
  orders,
  partnerApplications,
  partnerProgrammes,
  programmeMembers,
  programmeTiers,
  rebateProgrammes,
  tierChanges,
} from '../../db/schema'
import { grantScope } from '../../app/modules/auth/scope.server'
import { businessClock } from '../../app/utils/clock.server'
import { addDays } from '../../app/modules/delivery-terms/earliest-date'
import { prmOverview } from '../../app/modules/prm/overview.server'
import { incentivesOverview } from '../../app/modules/incentives/overview.server'
import { createMember, createOrganisation } from '../factories'

// The partner manager's home reads: every figure is an SQL aggregate over the programme, deal and ledger tables.

const scope = grantScope('manage:partner_programme:any', null)
let today: string
const monthOf = (day: string, back: number) => {
  const [y, m] = day.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 - back, 1))
  return d.toISOString().slice(0, 10)
}

beforeAll(async () => {
  today = (await businessClock()).today
})

describe('with nothing yet', () => {
  it('answers zeros and empty lists, every month of the window present', async () => {
    const prm = await prmOverview({ scope, today })
    expect(prm.programmes).toEqual([])
    expect(prm.applications.every((a) => a.count === 0)).toBe(true)
    expect(prm.deals.map((d) => d.count + d.valueMinor)).toEqual([0, 0, 0, 0, 0, 0, 0])
    expect(prm.tierMoves).toEqual([])
    expect(prm.growth).toEqual([])
    const money = await incentivesOverview({ scope, today })
    expect(money.months).toHaveLength(12)
    expect(money.months.at(-1)!.month).toBe(today.slice(0, 7))
    expect(money.months.every((m) => m.accruedMinor === 0 && m.paidMinor === 0 && m.budgetMinor === 0)).toBe(true)
  })
})

describe('with a programme, members, applications, deals and ledger lines', () => {
  const w = {} as { moscow: string; moscow2: string; siberia: string; silver: string; gold: string; programme: string; buyer: string }

  beforeAll(async () => {
    const moscow = await createOrganisation(db, { shortName: 'Москва-1', region: 'Москва' })
    const moscow2 = await createOrganisation(db, { shortName: 'Москва-2', region: 'Москва' })
    const siberia = await createOrganisation(db, { shortName: 'Сибирь', region: 'Новосибирская область' })
    const buyer = await createMember(db, moscow, 'dealer_admin')
    const [programme] = await db.insert(partnerProgrammes).values({ code: 'ov', nameRu: 'Программа', nameEn: 'Programme' }).returning()
    const [silver, gold] = await db
      .insert(programmeTiers)
      .values([
        { programmeId: programme!.id, rank: 1, code: 'silver', nameRu: 'Серебро', nameEn: 'Silver' },
        { programmeId: programme!.id, rank: 2, code: 'gold', nameRu: 'Золото', nameEn: 'Gold' },
      ])
      .returning()
    Object.assign(w, {
      moscow: moscow.id,
      moscow2: moscow2.id,
      siberia: siberia.id,
      silver: silver!.id,
      gold: gold!.id,
      programme: programme!.id,
      buyer: buyer.id,
    })
    await db.insert(programmeMembers).values([
      { programmeId: programme!.id, orgId: moscow.id, tierId: gold!.id, since: today },
      { programmeId: programme!.id, orgId: moscow2.id, tierId: silver!.id, since: today },
      { programmeId: programme!.id, orgId: siberia.id, tierId: silver!.id, since: today },
    ])
    // A promotion now, a joining (not a move), and a promotion long ago (outside the window).
    await db.insert(tierChanges).values([
      { programmeId: programme!.id, orgId: moscow.id, fromTierId: silver!.id, toTierId: gold!.id, reason: 'promoted', effectiveFrom: today },
      { programmeId: programme!.id, orgId: moscow2.id, toTierId: silver!.id, reason: 'joined', effectiveFrom: today },
      {
        programmeId: programme!.id,
        orgId: siberia.id,
        fromTierId: gold!.id,
        toTierId: silver!.id,
        reason: 'demoted',
        effectiveFrom: addDays(today, -200),
        at: sql`now() - interval '200 days'`,
      },
    ])
    const app = (status: 'received' | 'checking' | 'rejected', n: number) => ({
      number: `P-T-${status}-${n}`,
      status,
      legalName: 'ООО «Заявитель»',
      shortName: 'Заявитель',
      inn: '7700000000',
      region: 'Москва',
      contactName: 'Иван',
      contactEmail: `a${n}@example.com`,
      contactPhone: '+7 900 000-00-00',
      locale: 'ru' as const,
      consentText: 'Согласен',
      consentVersion: '1',
      consentAt: new Date(),
      statusSecretHash: `h${status}${n}`,
    })
    await db.insert(partnerApplications).values([app('received', 1), app('received', 2), app('checking', 3), app('rejected', 4)])
    const deal = (orgId: string, status: 'submitted' | 'approved' | 'won', value: number, n: number) => ({
      number: `D-T-${n}`,
      orgId,
      endCustomerInn: '7700000001',
      endCustomerName: 'Заказчик',
      endCustomerRegion: 'Москва',
      expectedQty: 1,
      expectedValueMinor: value,
      expectedCloseOn: today,
      status,
    })
    await db
      .insert(dealRegistrations)
      .values([deal(moscow.id, 'submitted', 100_00, 1), deal(siberia.id, 'submitted', 250_00, 2), deal(moscow.id, 'won', 1_000_00, 3)])
    // Revenue: Москва-1 grew from 1 000 ₽ to 5 000 ₽; Сибирь fell (not a mover); Москва-2 is new (no previous year).
    const order = (orgId: string, net: number, daysAgo: number) => ({
      orgId,
      number: `T-OV-${orgId.slice(0, 4)}-${daysAgo}-${net}`,
      placedBy: w.buyer,
      checkoutToken: crypto.randomUUID(),
      incoterm: 'DAP',
      namedPlace: '',
      freightTerms: 'prepaid',
      netMinor: net,
      vatMinor: 0,
      grossMinor: net,
      status: 'delivered' as const,
      deliveredAt: sql`now() - make_interval(days => ${daysAgo})`,
    })
    await db
      .insert(orders)
      .values([
        order(moscow.id, 1_000_00, 400),
        order(moscow.id, 2_000_00, 30),
        order(moscow.id, 3_000_00, 10),
        order(siberia.id, 9_000_00, 500),
        order(siberia.id, 1_000_00, 5),
        order(moscow2.id, 700_00, 3),
      ])
    // Rebates: this month 300 ₽ pending + 200 ₽ paid + a reversed line; two months ago 50 ₽ approved; a deal bonus (not a rebate).
    const thisMonth = monthOf(today, 0)
    const twoBack = monthOf(today, 2)
    const line = (
      orgId: string,
      amount: number,
      status: 'pending' | 'paid' | 'reversed' | 'approved',
      periodStart: string,
      key: string,
      source = 'rebate',
    ) => ({
      orgId,
      source,
      programmeNameRu: 'Бонус',
      programmeNameEn: 'Rebate',
      periodStart,
      periodEnd: periodStart,
      amountMinor: amount,
      explanation: { key: 'x', params: {} },
      status,
      accrualKey: key,
    })
    await db
      .insert(ledgerLines)
      .values([
        line(moscow.id, 300_00, 'pending', thisMonth, 'k1'),
        line(siberia.id, 200_00, 'paid', thisMonth, 'k2'),
        line(siberia.id, 999_00, 'reversed', thisMonth, 'k3'),
        line(moscow.id, 50_00, 'approved', twoBack, 'k4'),
        line(moscow.id, 7_00, 'pending', thisMonth, 'k5', 'deal_bonus'),
      ])
    // Budgets: 1 200 ₽ a quarter (400 ₽ a month) and 120 ₽ a month from this month on only.
    await db.insert(rebateProgrammes).values([
      {
        code: 'q',
        nameRu: 'К',
        nameEn: 'Q',
        periodKind: 'quarter',
        kind: 'percent',
        steps: [{ from: 0, rateBp: 100 }],
        budgetMinor: 1_200_00,
        validFrom: '2000-01-01',
      },
      {
        code: 'm',
        nameRu: 'М',
        nameEn: 'M',
        periodKind: 'month',
        kind: 'percent',
        steps: [{ from: 0, rateBp: 100 }],
        budgetMinor: 120_00,
        validFrom: thisMonth,
      },
      {
        code: 'off',
        nameRu: 'Выкл',
        nameEn: 'Off',
        periodKind: 'month',
        kind: 'percent',
        steps: [{ from: 0, rateBp: 100 }],
        budgetMinor: 1_000_00,
        validFrom: '2000-01-01',
        active: false,
      },
    ])
  })

  it('counts members by tier and region', async () => {
    const { programmes } = await prmOverview({ scope, today })
    expect(programmes).toHaveLength(1)
    expect(programmes[0]!.tiers.map((t) => t.nameEn)).toEqual(['Silver', 'Gold'])
    const cells = programmes[0]!.counts.map((c) => `${c.region}/${c.nameEn}=${c.members}`).sort()
    expect(cells).toEqual(['Москва/Gold=1', 'Москва/Silver=1', 'Новосибирская область/Silver=1'])
  })

  it('counts applications by stage and deals by state with their expected value', async () => {
    const { applications, deals } = await prmOverview({ scope, today })
    expect(Object.fromEntries(applications.map((a) => [a.status, a.count]))).toEqual({
      received: 2,
      checking: 1,
      agreement_offered: 0,
      agreement_accepted: 0,
      active: 0,
      rejected: 1,
    })
    expect(applications.find((a) => a.status === 'received')!.oldestAt).not.toBeNull()
    const byState = Object.fromEntries(deals.map((d) => [d.status, [d.count, d.valueMinor]]))
    expect(byState.submitted).toEqual([2, 350_00])
    expect(byState.won).toEqual([1, 1_000_00])
    expect(byState.approved).toEqual([0, 0])
  })

  it('lists recent tier changes (not joinings, not old ones) and the biggest revenue growth', async () => {
    const { tierMoves, growth } = await prmOverview({ scope, today })
    expect(tierMoves.map((m) => `${m.orgName}: ${m.fromEn} → ${m.toEn} (${m.reason})`)).toEqual(['Москва-1: Silver → Gold (promoted)'])
    expect(growth.map((g) => [g.orgName, g.previousMinor, g.currentMinor, g.growthMinor, g.growthBp])).toEqual([
      ['Москва-1', 1_000_00, 5_000_00, 4_000_00, 40000],
      ['Москва-2', 0, 700_00, 700_00, null],
    ])
  })

  it('sums rebate accruals by month against the monthly budget, and the ledger by status', async () => {
    const { months, ledger } = await incentivesOverview({ scope, today })
    expect(months).toHaveLength(12)
    const now = months.at(-1)!
    expect(now).toEqual({ month: today.slice(0, 7), accruedMinor: 300_00, paidMinor: 200_00, budgetMinor: 400_00 + 120_00 })
    const two = months.at(-3)!
    expect(two).toEqual({ month: monthOf(today, 2).slice(0, 7), accruedMinor: 50_00, paidMinor: 0, budgetMinor: 400_00 })
    expect(months.at(-2)!.accruedMinor).toBe(0)
    const byStatus = Object.fromEntries(ledger.map((l) => [l.status, [l.count, l.amountMinor]]))
    expect(byStatus).toEqual({ pending: [2, 307_00], held: [0, 0], approved: [1, 50_00], paid: [1, 200_00], reversed: [1, 999_00] })
  })
})
