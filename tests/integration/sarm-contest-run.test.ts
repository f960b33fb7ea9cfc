import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { ledgerLines } from '../../db/schema/incentives'
import { contestAwards, contestFlags, contestRuns, contests } from '../../db/schema/sarm'
import { grantScope } from '../../app/modules/auth/scope.server'
import { renderExplanation } from '../../app/modules/incentives/explain'
import { runContestChecks } from '../../app/modules/sarm/contest-run.server'
import { decideContestPrize, getContestReview, listDealerContests } from '../../app/modules/sarm/contests.server'
import { createCategory, createOrganisation, createProduct, createTaxClass, createUser } from '../factories'
import { createAssistant, createContest, createSaleReports, createShop, deliverSerials, type SaleRow } from '../factories/sarm'

// Contest checks (issue 14; anchors §3.3 worked example): a shop whose five sellers sold 20 % each for six months,
// then 85/5/5/5/0 of the same 60 units in the contest, has its winner's prize held with R1, R2 and R4 and their
// figures; a clean shop's winner is paid (pending, not held); R6 finds an undelivered serial and a reused receipt;
// the run stores its thresholds; only a decision with a reason releases or reverses a held prize.

const desk = grantScope('manage:sarm:any', null)
const w = {} as {
  manager: { id: string; email: string }
  productId: string
  dealerA: string
  dealerB: string
  starShop: string
  cleanShop: string
  claimShop: string
  star: string
  cleanWinner: string
  contestId: string
  claimContestId: string
}
const actor = () => ({ userId: w.manager.id, email: w.manager.email, ip: null })
// The contest: June 2026 (30 days); its baseline the six 30-day periods before it.
const START = '2026-06-01'
const END = '2026-06-30'
const dayOf = (base: string, offset: number) => new Date(Date.parse(`${base}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
/** A day in the middle of baseline period k (1 = the period just before the contest). */
const baselineDay = (k: number) => dayOf(START, -30 * k + 10)

async function sellers(orgId: string, shopId: string, names: string[]) {
  const out: string[] = []
  for (const displayName of names) out.push((await createAssistant(db, { orgId, shopId, displayName, startsOn: '2025-01-01' })).user.id)
  return out
}
function sales(orgId: string, shopId: string, userIds: string[], perPeriod: number[][]): SaleRow[] {
  // perPeriod[0] the contest, [1..6] the baseline; one report per seller and period, in the period's middle.
  const rows: SaleRow[] = []
  perPeriod.forEach((units, k) =>
    units.forEach((qty, i) => {
      if (qty > 0) rows.push({ orgId, shopId, userId: userIds[i], productId: w.productId, qty, soldOn: k === 0 ? dayOf(START, 12) : baselineDay(k) })
    }),
  )
  return rows
}

beforeAll(async () => {
  w.manager = await createUser(db, {})
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  w.productId = (await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })).id
  w.dealerA = (await createOrganisation(db, { kind: 'dealer', shortName: 'Альфа' })).id
  w.dealerB = (await createOrganisation(db, { kind: 'dealer', shortName: 'Бета' })).id
  w.starShop = (await createShop(db, { orgId: w.dealerA, name: 'Star shop', region: 'Тула' })).id
  w.cleanShop = (await createShop(db, { orgId: w.dealerA, name: 'Clean shop', region: 'Москва' })).id
  const star = await sellers(w.dealerA, w.starShop, ['Анна Звездина', 'Борис Б', 'Вера В', 'Глеб Г', 'Дина Д'])
  const clean = await sellers(w.dealerA, w.cleanShop, ['Егор Е', 'Жанна Ж', 'Зоя З', 'Иван И', 'Кира К'])
  w.star = star[0]
  w.cleanWinner = clean[0]
  const flat = [12, 12, 12, 12, 12]
  await createSaleReports(db, [
    ...sales(w.dealerA, w.starShop, star, [[51, 3, 3, 3, 0], flat, flat, flat, flat, flat, flat]),
    ...sales(w.dealerA, w.cleanShop, clean, [[14, 13, 12, 12, 11], flat, flat, flat, flat, flat, flat]),
  ])
  w.contestId = (
    await createContest(db, {
      periodStart: START,
      periodEnd: END,
      orgIds: [w.dealerA],
      prizes: [
        { rank: 1, amountMinor: 10_000_00 },
        { rank: 2, amountMinor: 5_000_00 },
      ],
      thresholds: { r2Tail: 0.0001 },
    })
  ).id

  // R6: dealer B's shop claims a serial delivered to dealer A, and uses one receipt number on two days.
  w.claimShop = (await createShop(db, { orgId: w.dealerB, name: 'Claim shop' })).id
  const claimers = await sellers(w.dealerB, w.claimShop, ['Лев Л', 'Мира М', 'Нина Н'])
  await deliverSerials(db, { orgId: w.dealerB, productId: w.productId, serials: ['SN-OK-1'] })
  await deliverSerials(db, { orgId: w.dealerA, productId: w.productId, serials: ['SN-A-9'] })
  await createSaleReports(db, [
    {
      orgId: w.dealerB,
      shopId: w.claimShop,
      userId: claimers[0],
      productId: w.productId,
      soldOn: dayOf(START, 3),
      serial: 'SN-OK-1',
      receiptNo: 'K-100',
    },
    {
      orgId: w.dealerB,
      shopId: w.claimShop,
      userId: claimers[1],
      productId: w.productId,
      soldOn: dayOf(START, 4),
      serial: 'SN-A-9',
      receiptNo: 'K-101',
    },
    { orgId: w.dealerB, shopId: w.claimShop, userId: claimers[2], productId: w.productId, soldOn: dayOf(START, 5), receiptNo: 'K-777' },
    { orgId: w.dealerB, shopId: w.claimShop, userId: claimers[2], productId: w.productId, soldOn: dayOf(START, 9), receiptNo: 'K-777' },
    // A number lower than the till had already reached on an earlier day.
    { orgId: w.dealerB, shopId: w.claimShop, userId: claimers[0], productId: w.productId, soldOn: dayOf(START, 10), receiptNo: 'K-050' },
  ])
  w.claimContestId = (
    await createContest(db, {
      periodStart: START,
      periodEnd: END,
      orgIds: [w.dealerB],
      prizes: [{ rank: 1, amountMinor: 1_000_00 }],
      minActiveSellers: 1,
    })
  ).id
})

const lineOfAward = async (contestId: string, rank: number) => {
  const awards = await db.select().from(contestAwards).where(eq(contestAwards.contestId, contestId))
  const award = awards.find((x) => x.rank === rank)!
  const [line] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, award.ledgerLineId!))
  return { award, line }
}

describe('the checks of a contest', () => {
  it('writes no prize line before the run, and refuses a run before the contest ends', async () => {
    expect(await db.select().from(ledgerLines).where(eq(ledgerLines.programmeId, w.contestId))).toEqual([])
    const future = await createContest(db, { periodStart: '2099-01-01', periodEnd: '2099-01-31', prizes: [{ rank: 1, amountMinor: 100 }] })
    expect(await runContestChecks({ scope: desk, actor: actor(), contestId: future.id })).toEqual({
      ok: false,
      status: 409,
      message: 'sarm.contest.error.notEnded',
    })
    expect(await db.select().from(contestRuns).where(eq(contestRuns.contestId, future.id))).toEqual([])
  })

  it('holds the star seller’s prize with R1, R2 and R4 and their figures, and pays the clean winner', async () => {
    const result = await runContestChecks({ scope: desk, actor: actor(), contestId: w.contestId })
    expect(result).toMatchObject({ ok: true, awards: 2, held: 1 })

    const flags = await db.select().from(contestFlags).where(eq(contestFlags.contestId, w.contestId))
    const starFlags = flags.filter((f) => f.shopId === w.starShop)
    expect(starFlags.map((f) => f.rule).sort()).toEqual(['R1', 'R2', 'R4'])
    expect(flags.filter((f) => f.shopId === w.cleanShop)).toEqual([])
    const r1 = starFlags.find((f) => f.rule === 'R1')!
    expect(r1.userId).toBe(w.star)
    expect(r1.figures.hhi).toBeCloseTo(0.73, 2)
    expect(r1.figures.topShare).toBeCloseTo(0.85, 5)
    expect(r1.figures.baselineHhi).toBeCloseTo(0.2, 5)
    expect(r1.thresholds.hhi).toBeCloseTo(0.26, 5)
    const r2 = starFlags.find((f) => f.rule === 'R2')!
    expect(r2.figures).toMatchObject({ winnerUnits: 51, shopUnits: 60 })
    expect(r2.figures.tail as number).toBeLessThan(1e-20)
    expect(r2.thresholds.tail).toBe(0.0001)
    expect(starFlags.find((f) => f.rule === 'R4')!.figures.incrementality).toBe(0)

    const first = await lineOfAward(w.contestId, 1)
    expect(first.award).toMatchObject({ userId: w.star, shopId: w.starShop, score: 51, amountMinor: 10_000_00 })
    expect(first.line).toMatchObject({
      status: 'held',
      source: 'contest_prize',
      amountMinor: 10_000_00,
      accrualKey: `contest_prize:${w.contestId}:1`,
    })
    expect(first.line.holdReasons).toEqual(['concentration'])
    expect(renderExplanation('en', first.line.explanation)).toMatch(/^Place 1, 51 units in .* – .*: .*10,000\.00/)
    const second = await lineOfAward(w.contestId, 2)
    expect(second.award).toMatchObject({ userId: w.cleanWinner, shopId: w.cleanShop, score: 14 })
    expect(second.line).toMatchObject({ status: 'pending', amountMinor: 5_000_00 })
    expect(second.line.holdReasons).toEqual([])

    // The thresholds used are stored with the run: the contest's own over the defaults.
    const [run] = await db.select().from(contestRuns).where(eq(contestRuns.contestId, w.contestId))
    expect(run.thresholds).toMatchObject({ r2Tail: 0.0001, r1Sigmas: 3, r1TopShare: 0.5, r4Incrementality: 0.3 })
    expect(run.summary).toMatchObject({ awards: 2, held: 1, flaggedShops: 1 })
    const [contest] = await db.select().from(contests).where(eq(contests.id, w.contestId))
    expect(contest.status).toBe('checked')
    // Checked once: a second run would re-award decided prizes.
    expect(await runContestChecks({ scope: desk, actor: actor(), contestId: w.contestId })).toMatchObject({ ok: false, status: 409 })
  })

  it('shows the partner manager the figures, and the dealer only the plain reason', async () => {
    const review = await getContestReview({ scope: desk, contestId: w.contestId })
    expect(review!.flags.map((f) => f.rule).sort()).toEqual(['R1', 'R2', 'R4'])
    expect(review!.awards[0]).toMatchObject({ rank: 1, status: 'held', holdReasons: ['concentration'] })
    const chart = review!.charts.find((c) => c.shopId === w.starShop)!
    expect(chart.sellers.find((s) => s.seller === 'Анна Звездина')).toMatchObject({ contest: 0.85, baseline: 0.2 })

    const dealer = await listDealerContests({ scope: grantScope('read:sarm:org', w.dealerA) })
    const mine = dealer.find((c) => c.id === w.contestId)!
    expect(mine.awards[0]).toMatchObject({ rank: 1, status: 'held', holdReasons: ['concentration'] })
    expect(JSON.stringify(dealer)).not.toMatch(/hhi|tail|incrementality|R1/i)
  })

  it('releases a held prize with a reason, and reverses one only with a reason', async () => {
    const { award, line } = await lineOfAward(w.contestId, 1)
    const released = await decideContestPrize({
      scope: desk,
      actor: actor(),
      contestId: w.contestId,
      awardId: award.id,
      decision: 'release',
      reason: 'Checked the receipts with the dealer',
    })
    expect(released).toEqual({ ok: true })
    const [after] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, line.id))
    expect(after).toMatchObject({ status: 'pending', holdReasons: [] })
    const [contest] = await db.select().from(contests).where(eq(contests.id, w.contestId))
    expect(contest.status).toBe('decided')
    // A second release finds nothing held.
    expect(
      await decideContestPrize({ scope: desk, actor: actor(), contestId: w.contestId, awardId: award.id, decision: 'release', reason: 'again' }),
    ).toMatchObject({ ok: false, status: 409 })
    const reversed = await decideContestPrize({
      scope: desk,
      actor: actor(),
      contestId: w.contestId,
      awardId: award.id,
      decision: 'reverse',
      reason: 'Colleagues’ sales booked under one seller',
    })
    expect(reversed).toEqual({ ok: true })
    const [gone] = await db.select().from(ledgerLines).where(eq(ledgerLines.id, line.id))
    expect(gone).toMatchObject({ status: 'reversed', reversalReason: 'Colleagues’ sales booked under one seller' })
  })

  it('R6 finds a serial never delivered to the dealer, a reused receipt number and one out of the till’s sequence', async () => {
    const result = await runContestChecks({ scope: desk, actor: actor(), contestId: w.claimContestId })
    expect(result).toMatchObject({ ok: true, awards: 1, held: 1 })
    const flags = await db.select().from(contestFlags).where(eq(contestFlags.contestId, w.claimContestId))
    const byReason = Object.fromEntries(flags.filter((f) => f.rule === 'R6').map((f) => [f.reason, f.figures]))
    expect(byReason.serial_not_delivered).toMatchObject({ count: 1, examples: 'SN-A-9' })
    expect(byReason.receipt_reused).toMatchObject({ count: 1, examples: 'K-777' })
    expect(byReason.receipt_out_of_sequence).toMatchObject({ count: 1, examples: 'K-050' })
    expect(byReason.duplicate_serial).toBeUndefined()
    const { line } = await lineOfAward(w.claimContestId, 1)
    expect(line.status).toBe('held')
    expect(line.holdReasons).toContain('claims')
  })
})
