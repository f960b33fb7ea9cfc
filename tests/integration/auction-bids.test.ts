import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { isoText } from '../../db/drivers.server'
import { bids, lots, tenders } from '../../db/schema'
import { acceptBid, bidHash, GENESIS_HASH } from '../../app/modules/auctions/bids.server'
import { createOrganisation } from '../factories'

// The bid acceptor on the real database: the compare-and-set on the lot row decides, under concurrency too.

let operatorId: string
const suppliers: string[] = []

async function liveLot(
  o: { endsInMs?: number; start?: number; min?: number; max?: number; softWindowMs?: number; maxExtensions?: number | null } = {},
) {
  const [tender] = await db
    .insert(tenders)
    .values({
      buyerOrgId: operatorId,
      title: 'Cable tender',
      status: 'live',
      softWindowMs: o.softWindowMs ?? 120_000,
      softExtensionMs: 120_000,
      maxExtensions: o.maxExtensions ?? null,
    })
    .returning()
  const [lot] = await db
    .insert(lots)
    .values({
      tenderId: tender.id,
      lineNo: 1,
      item: 'VVGng 3×2.5',
      quantity: 10_000,
      unit: 'm',
      startPriceMinor: o.start ?? 100_000_00,
      minStepMinor: o.min ?? 500_00,
      maxStepMinor: o.max ?? 5_000_00,
      status: 'live',
      startsAt: sql`now() - interval '1 minute'`,
      endsAt: sql`now() + ${`${o.endsInMs ?? 600_000} milliseconds`}::interval`,
    })
    .returning()
  return lot
}

const bid = (lotId: string, supplier: number, priceMinor: number, clientBidId: string = crypto.randomUUID()) =>
  acceptBid({ lotId, supplierOrgId: suppliers[supplier], userId: null, priceMinor, clientBidId })

beforeAll(async () => {
  operatorId = (await createOrganisation(db, { kind: 'operator' })).id
  for (let i = 0; i < 50; i++) suppliers.push((await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })).id)
})

describe('accepting bids', () => {
  it('lets exactly one of 50 simultaneous bids at the same price take the lead; the rest are told it is a tie', async () => {
    const lot = await liveLot()
    const results = await Promise.all(suppliers.map((_, i) => bid(lot.id, i, 99_000_00)))
    const accepted = results.filter((r) => r.ok)
    expect(accepted).toHaveLength(1)
    expect(accepted[0].ok && accepted[0].receipt).toMatchObject({ seq: 1, takesLead: true })
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.rule)).toEqual(Array(49).fill('tie_with_leader'))
    const [row] = await db.select().from(lots).where(eq(lots.id, lot.id))
    expect(row).toMatchObject({ seq: 1, bestPriceMinor: 99_000_00 })
  })

  it('applies every rule, numbers accepted bids without gaps, and chains their hashes', async () => {
    const lot = await liveLot()
    expect(await bid(lot.id, 0, 100_000_00)).toEqual({ ok: false, rule: 'not_below_ceiling' })
    expect(await bid(lot.id, 0, 90_000_00)).toEqual({ ok: false, rule: 'step_too_large' }) // first bid, 10 % under the ceiling
    const first = await bid(lot.id, 0, 98_000_00, 'client-1')
    expect(first.ok && first.receipt.seq).toBe(1)
    // A retry of the same client bid returns the first receipt; the same id with another price is refused.
    const retry = await bid(lot.id, 0, 98_000_00, 'client-1')
    expect(retry).toEqual({ ok: true, repeated: true, receipt: { ...(first.ok ? first.receipt : {}), extended: false, takesLead: false } })
    expect(await bid(lot.id, 0, 97_000_00, 'client-1')).toEqual({ ok: false, rule: 'idempotency_conflict' })
    expect(await bid(lot.id, 1, 97_600_00)).toEqual({ ok: false, rule: 'step_too_small' })
    expect(await bid(lot.id, 1, 92_000_00)).toEqual({ ok: false, rule: 'step_too_large' })
    expect(await bid(lot.id, 1, 98_000_00)).toEqual({ ok: false, rule: 'tie_with_leader' })
    const rank2 = await bid(lot.id, 1, 99_000_00)
    expect(rank2.ok && rank2.receipt).toMatchObject({ seq: 2, takesLead: false })
    expect(await bid(lot.id, 1, 99_500_00)).toEqual({ ok: false, rule: 'not_below_own' })
    const lead = await bid(lot.id, 1, 97_000_00)
    expect(lead.ok && lead.receipt).toMatchObject({ seq: 3, takesLead: true })
    expect(await bid(lot.id, 2, 0)).toEqual({ ok: false, rule: 'invalid_amount' })
    expect(await bid(lot.id, 2, 96_000_00.5)).toEqual({ ok: false, rule: 'invalid_amount' })
    expect(await acceptBid({ lotId: crypto.randomUUID(), supplierOrgId: suppliers[2], userId: null, priceMinor: 1_00, clientBidId: 'x' })).toEqual({
      ok: false,
      rule: 'unknown_lot',
    })

    // The chain, checked as a supplier would: each entry's hash from the previous hash and the entry itself.
    const log = await db
      .select({
        seq: bids.seq,
        supplierOrgId: bids.supplierOrgId,
        priceMinor: bids.priceMinor,
        receivedAt: isoText(bids.receivedAt, 'us'),
        prevHash: bids.prevHash,
        hash: bids.hash,
      })
      .from(bids)
      .where(eq(bids.lotId, lot.id))
      .orderBy(bids.seq)
    expect(log.map((b) => b.seq)).toEqual([1, 2, 3])
    let prev = GENESIS_HASH
    for (const b of log) {
      expect(b.prevHash).toBe(prev)
      expect(b.hash).toBe(
        bidHash(prev, { lotId: lot.id, seq: b.seq, supplierOrgId: b.supplierOrgId, priceMinor: Number(b.priceMinor), receivedAt: b.receivedAt }),
      )
      prev = b.hash
    }
    // The receipt a bidder got matches the published entry.
    expect(lead.ok && lead.receipt.hash).toBe(log[2].hash)
    expect(lead.ok && lead.receipt.receivedAt).toBe(log[2].receivedAt)
  })

  it('moves the end to receipt + E when the lead changes in the last W, and not otherwise', async () => {
    const lot = await liveLot({ endsInMs: 60_000 })
    const lead = await bid(lot.id, 0, 99_000_00)
    expect(lead.ok && lead.receipt.extended).toBe(true)
    if (!lead.ok) return
    const moved = new Date(lead.receipt.endsAt).getTime() - new Date(lead.receipt.receivedAt).getTime()
    expect(moved).toBeGreaterThanOrEqual(119_000)
    expect(moved).toBeLessThanOrEqual(120_000)
    // A bid for rank 2 does not move the end.
    const second = await bid(lot.id, 1, 99_500_00)
    expect(second.ok && second.receipt).toMatchObject({ extended: false, endsAt: lead.receipt.endsAt })
    const [row] = await db.select({ extensions: lots.extensions }).from(lots).where(eq(lots.id, lot.id))
    expect(row.extensions).toBe(1)
  })

  it('refuses bids on an ended or paused lot, and stops extending at the cap', async () => {
    const ended = await liveLot({ endsInMs: -1 })
    expect(await bid(ended.id, 0, 99_000_00)).toEqual({ ok: false, rule: 'ended' })
    const paused = await liveLot()
    await db.update(lots).set({ status: 'paused' }).where(eq(lots.id, paused.id))
    expect(await bid(paused.id, 0, 99_000_00)).toEqual({ ok: false, rule: 'not_live' })
    const capped = await liveLot({ endsInMs: 60_000, maxExtensions: 0 })
    const r = await bid(capped.id, 0, 99_000_00)
    expect(r.ok && r.receipt.extended).toBe(false)
  })
})
