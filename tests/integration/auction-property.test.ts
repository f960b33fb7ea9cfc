import { asc, eq, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { bids, lots } from '../../db/schema'
import { acceptBid, type BidResult } from '../../app/modules/auctions/bids.server'
import type { BidRule } from '../../app/modules/auctions/rules'
import { previewBid } from '../../app/modules/auctions/preview'
import { buyerView, loadLots, supplierView } from '../../app/modules/auctions/views.server'
import { createOrganisation, createTender } from '../factories'

// Issue 4: random bid sequences played against the real acceptor (one conditional UPDATE on the database) and
// against a plain reference model written here from DESIGN.md §5, independently of rules.ts. Each sequence runs
// on a fresh lot that ends in an hour with no soft-close window, so time never decides anything.

const SUPPLIERS = 4

// ---- the reference model ----

type Rule = BidRule | 'idempotency_conflict'
type Outcome = { ok: true; seq: number; takesLead: boolean; repeated: boolean } | { ok: false; rule: Rule }
interface ModelBid {
  supplier: number
  price: number
  seq: number
}
interface LotParams {
  ceiling: number
  minStep: number
  maxStep: number
}

class Model {
  /** Accepted bids in receipt order: bid k has seq k + 1. */
  readonly accepted: ModelBid[] = []
  /** Accepted client bid ids, per supplier. */
  private readonly ids = new Map<string, ModelBid>()

  constructor(readonly lot: LotParams) {}

  /** The leader: the lowest accepted price (a tie with the leader is never accepted, so it is unique). */
  best(): ModelBid | null {
    let best: ModelBid | null = null
    for (const b of this.accepted) if (best === null || b.price < best.price) best = b
    return best
  }

  /** A supplier's own previous accepted price; its bids only ever go down, so it is the latest. */
  own(supplier: number): number | null {
    let own: number | null = null
    for (const b of this.accepted) if (b.supplier === supplier) own = b.price
    return own
  }

  propose(supplier: number, price: number, clientBidId: string): Outcome {
    if (!Number.isInteger(price) || price <= 0) return { ok: false, rule: 'invalid_amount' }
    const key = `${supplier}|${clientBidId}`
    const earlier = this.ids.get(key)
    if (earlier)
      return earlier.price === price ? { ok: true, seq: earlier.seq, takesLead: false, repeated: true } : { ok: false, rule: 'idempotency_conflict' }
    if (price >= this.lot.ceiling) return { ok: false, rule: 'not_below_ceiling' }
    const own = this.own(supplier)
    if (own !== null && price >= own) return { ok: false, rule: 'not_below_own' }
    const best = this.best()
    let takesLead: boolean
    if (best === null) {
      if (this.lot.ceiling - price > this.lot.maxStep) return { ok: false, rule: 'step_too_large' }
      takesLead = true
    } else if (price > best.price) {
      takesLead = false
    } else if (price === best.price) {
      return { ok: false, rule: 'tie_with_leader' }
    } else {
      const step = best.price - price
      if (step < this.lot.minStep) return { ok: false, rule: 'step_too_small' }
      if (step > this.lot.maxStep) return { ok: false, rule: 'step_too_large' }
      takesLead = true
    }
    const bid = { supplier, price, seq: this.accepted.length + 1 }
    this.accepted.push(bid)
    this.ids.set(key, bid)
    return { ok: true, seq: bid.seq, takesLead, repeated: false }
  }

  /** Each supplier's best (lowest) accepted bid, by price and then by receipt. */
  ranking() {
    const best = new Map<number, ModelBid>()
    for (const b of this.accepted) best.set(b.supplier, b)
    return [...best.values()].sort((a, b) => a.price - b.price || a.seq - b.seq)
  }
}

// ---- the commands ----

/** A price relative to something the bidders can see: the best (the ceiling before any bid), the ceiling, one's own last bid, a rival's, or rank 2's. */
type Anchor = { to: 'best' } | { to: 'ceiling' } | { to: 'own' } | { to: 'rival'; rival: number } | { to: 'runner_up' }
type Command =
  | { kind: 'bid'; supplier: number; anchor: Anchor; delta: number }
  /** Not a positive whole number of minor units. */
  | { kind: 'odd'; supplier: number; price: number }
  /** The client bid id of an earlier command again: the same bid, the same id with another price, or the id reused by another supplier. */
  | { kind: 'replay'; pick: number; change: 'same' | 'other_price' | 'other_supplier'; delta: number }

const lotArb: fc.Arbitrary<LotParams> = fc
  .record({
    ceiling: fc.integer({ min: 1_000, max: 10_000_000 }),
    minStep: fc.integer({ min: 1, max: 50 }),
    spread: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  })
  .map(({ ceiling, minStep, spread }) => ({ ceiling, minStep, maxStep: minStep + spread }))

/** Offsets from the anchor weighted so most bids are accepted and every rule's edge gets hit. */
function deltaArb({ minStep: min, maxStep: max }: LotParams) {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: -max, max: -min }) }, // a valid lead step below the best
    { weight: 3, arbitrary: fc.constantFrom(-min, -min + 1, -min - 1, -max, -max + 1, -max - 1, -1, 1) }, // the edges
    { weight: 1, arbitrary: fc.constant(0) }, // a tie with the anchor
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 * max }) }, // above: a bid for rank 2 and below
    { weight: 1, arbitrary: fc.integer({ min: -3 * max, max: -max - 1 }) }, // a fat finger
  )
}

function commandArb(lot: LotParams): fc.Arbitrary<Command> {
  const supplier = fc.integer({ min: 0, max: SUPPLIERS - 1 })
  const anchor: fc.Arbitrary<Anchor> = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ to: 'best' as const }) },
    { weight: 1, arbitrary: fc.constant({ to: 'ceiling' as const }) },
    { weight: 2, arbitrary: fc.constant({ to: 'own' as const }) },
  )
  const rival = fc.oneof(fc.record({ to: fc.constant('rival' as const), rival: supplier }), fc.constant({ to: 'runner_up' as const }))
  return fc.oneof(
    { weight: 9, arbitrary: fc.record({ kind: fc.constant('bid' as const), supplier, anchor, delta: deltaArb(lot) }) },
    // Matching a rival's bid: below the lead, equal prices rank by receipt.
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('bid' as const),
        supplier,
        anchor: rival,
        delta: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: deltaArb(lot) }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('odd' as const),
        supplier,
        price: fc.constantFrom(0, -1, -lot.minStep, lot.ceiling - 0.5, 1.25, Number.NaN),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('replay' as const),
        pick: fc.nat(),
        change: fc.constantFrom('same' as const, 'same' as const, 'other_price' as const, 'other_supplier' as const),
        delta: deltaArb(lot),
      }),
    },
  )
}

const scenarioArb = lotArb.chain((lot) =>
  fc.record({ lot: fc.constant(lot), commands: fc.array(commandArb(lot), { minLength: 4, maxLength: 24, size: 'max' }) }),
)

// ---- the database side ----

let buyerOrgId: string
const suppliers: string[] = []

async function freshLot(p: LotParams) {
  const { lots: made } = await createTender(db, {
    buyerOrgId,
    suppliers,
    durationMs: 3_600_000,
    softWindowMs: 0,
    // The full preset shows the bidder the best and the history: its preview can judge every rule.
    visibility: 'full',
    lots: [{ startPriceMinor: p.ceiling, minStepMinor: p.minStep, maxStepMinor: p.maxStep }],
  })
  return made[0]
}

function outcomeOf(r: BidResult): Outcome {
  return r.ok ? { ok: true, seq: r.receipt.seq, takesLead: r.receipt.takesLead, repeated: r.repeated } : { ok: false, rule: r.rule as Rule }
}

interface Step {
  supplier: number
  price: number
  clientBidId: string
}

/** Turns a command into a concrete bid against the model's current state. */
function resolve(cmd: Command, model: Model, steps: Step[], runId: string, i: number): Step {
  const fresh = `${runId}-${i}`
  const anchored = (supplier: number, anchor: Anchor, delta: number) => {
    const best = model.best()?.price ?? model.lot.ceiling
    const base =
      anchor.to === 'best'
        ? best
        : anchor.to === 'ceiling'
          ? model.lot.ceiling
          : anchor.to === 'runner_up'
            ? (model.ranking()[1]?.price ?? best)
            : (model.own(anchor.to === 'own' ? supplier : anchor.rival) ?? best)
    return base + delta
  }
  if (cmd.kind === 'bid') return { supplier: cmd.supplier, price: anchored(cmd.supplier, cmd.anchor, cmd.delta), clientBidId: fresh }
  if (cmd.kind === 'odd') return { supplier: cmd.supplier, price: cmd.price, clientBidId: fresh }
  if (!steps.length) return { supplier: 0, price: anchored(0, { to: 'best' }, cmd.delta), clientBidId: fresh }
  const earlier = steps[cmd.pick % steps.length]
  if (cmd.change === 'same') return earlier
  if (cmd.change === 'other_price') return { ...earlier, price: earlier.price + (cmd.delta || 1) }
  const supplier = (earlier.supplier + 1 + (cmd.pick % (SUPPLIERS - 1))) % SUPPLIERS
  return { supplier, price: anchored(supplier, { to: 'best' }, cmd.delta), clientBidId: earlier.clientBidId }
}

const show = (trace: string[]) => `\n  ${trace.join('\n  ')}`

/** What the runs exercised, to check the generator reaches every outcome. */
const seen = new Map<string, number>()
const label = (o: Outcome) => (o.ok ? (o.repeated ? 'repeated' : o.takesLead ? 'accepted, takes the lead' : 'accepted below the lead') : o.rule)

beforeAll(async () => {
  buyerOrgId = (await createOrganisation(db, { kind: 'operator' })).id
  for (let i = 0; i < SUPPLIERS; i++) suppliers.push((await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })).id)
})

describe('the bid acceptor against a reference model', () => {
  it('gives every random bid sequence the outcome the model gives it, step by step and at the end', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ lot: params, commands }) => {
        const lot = await freshLot(params)
        const model = new Model(params)
        const runId = crypto.randomUUID()
        const steps: Step[] = []
        const receipts = new Map<number, { hash: string; receivedAt: string }>()
        const trace: string[] = [`lot ceiling=${params.ceiling} min=${params.minStep} max=${params.maxStep}`]
        for (const [i, cmd] of commands.entries()) {
          const step = resolve(cmd, model, steps, runId, i)
          steps.push(step)
          const expected = model.propose(step.supplier, step.price, step.clientBidId)
          // What the bidder's confirmation said, from its own view just before the bid (preview.ts, the same rules table).
          const [before] = await loadLots([lot.id], null)
          const preview = previewBid(supplierView(before, suppliers[step.supplier]), step.price)
          const result = await acceptBid({
            lotId: lot.id,
            supplierOrgId: suppliers[step.supplier],
            userId: null,
            priceMinor: step.price,
            clientBidId: step.clientBidId,
          })
          const actual = outcomeOf(result)
          trace.push(
            `#${i} ${cmd.kind} supplier ${step.supplier} price ${step.price} id …${step.clientBidId.slice(-4)}: model ${JSON.stringify(expected)}, acceptor ${JSON.stringify(actual)}`,
          )
          expect(actual, `step ${i} differs:${show(trace)}`).toEqual(expected)
          seen.set(label(actual), (seen.get(label(actual)) ?? 0) + 1)
          // The preview and the acceptor agree: the refusal it named first, or none for a new bid it accepts (a retry is the server's memory, not a rule).
          if (!(result.ok && result.repeated) && !(!result.ok && result.rule === 'idempotency_conflict')) {
            expect(preview.problems[0] ?? null, `step ${i} preview ${JSON.stringify(preview.problems)}:${show(trace)}`).toBe(
              result.ok ? null : result.rule,
            )
          }
          if (!result.ok) continue
          expect(result.receipt.priceMinor, `step ${i}:${show(trace)}`).toBe(step.price)
          // A retry gets the first receipt back, word for word where it matters.
          if (result.repeated) expect(result.receipt, `step ${i} repeated receipt:${show(trace)}`).toMatchObject(receipts.get(result.receipt.seq)!)
          else receipts.set(result.receipt.seq, { hash: result.receipt.hash, receivedAt: result.receipt.receivedAt })
        }

        // The lot row: the seq counts the accepted bids, the best is the model's leader.
        const [row] = await db
          .select({ seq: lots.seq, best: lots.bestPriceMinor, bestSupplier: lots.bestSupplierId })
          .from(lots)
          .where(eq(lots.id, lot.id))
        const leader = model.best()
        expect(row, `lot row:${show(trace)}`).toEqual({
          seq: model.accepted.length,
          best: leader?.price ?? null,
          bestSupplier: leader ? suppliers[leader.supplier] : null,
        })

        // The bid log: gap-free 1..n, the model's bids in the model's order.
        const log = await db
          .select({ seq: bids.seq, supplierOrgId: bids.supplierOrgId, priceMinor: bids.priceMinor })
          .from(bids)
          .where(eq(bids.lotId, lot.id))
          .orderBy(asc(bids.seq))
        expect(
          log.map((b) => b.seq),
          `bid log seq:${show(trace)}`,
        ).toEqual(model.accepted.map((_, k) => k + 1))
        expect(
          log.map((b) => ({ supplier: suppliers.indexOf(b.supplierOrgId), price: Number(b.priceMinor), seq: b.seq })),
          `bid log:${show(trace)}`,
        ).toEqual(model.accepted)

        // The ranking: each supplier's lowest bid, by price and then by receipt order (seq), straight from the log.
        const ranked = rowsOf<{ supplier_org_id: string; price_minor: string | number; seq: number }>(
          await db.execute(sql`
            select * from (
              select distinct on (supplier_org_id) supplier_org_id, price_minor, seq from bids
              where lot_id = ${lot.id} and disqualified_reason is null order by supplier_org_id, price_minor, seq
            ) best order by price_minor, seq`),
        )
        const expectedRanking = model.ranking().map((b) => ({ supplier: b.supplier, price: b.price }))
        expect(
          ranked.map((r) => ({ supplier: suppliers.indexOf(r.supplier_org_id), price: Number(r.price_minor) })),
          `ranking from the log:${show(trace)}`,
        ).toEqual(expectedRanking)
        // And the ranking the buyer is shown.
        const [state] = await loadLots([lot.id], null)
        expect(
          buyerView(state).ranking.map((r) => ({ supplier: suppliers.indexOf(r.supplierOrgId), price: r.priceMinor })),
          `buyer's ranking:${show(trace)}`,
        ).toEqual(expectedRanking)
      }),
      { numRuns: 40 },
    )
    // Not vacuous: the runs reached every outcome a live lot can give (about 10 to 200 of each in 40 runs).
    expect([...seen.keys()].sort()).toEqual(
      [
        'accepted, takes the lead',
        'accepted below the lead',
        'repeated',
        'invalid_amount',
        'not_below_ceiling',
        'not_below_own',
        'tie_with_leader',
        'step_too_small',
        'step_too_large',
        'idempotency_conflict',
      ].sort(),
    )
  }, 300_000)
})
