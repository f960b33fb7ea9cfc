import { eq, inArray, sql } from 'drizzle-orm'
import { bidHash, GENESIS_HASH } from '../app/modules/auctions/bids.server'
import { rankBids } from '../app/modules/auctions/rules'
import { createTender } from '../tests/factories'
import type { Db, DbOrTx } from './client.server'
import { isoText, rowsOf } from './drivers.server'
import { bids, lotEvents, lots, organisations, tenders, users } from './schema'

// Demo tenders: one finished two days ago with its whole history (bids, a soft-close extension, the close and an
// award), one that goes live a few minutes after the first start, and one scheduled for later in the week.

/** The receipt format of the bid log: microseconds, as the database writes them. */
const micro = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')

async function writeHistory(
  tx: DbOrTx,
  lotId: string,
  start: Date,
  durationMs: number,
  history: { org: string; priceMinor: number; atMs: number }[],
) {
  let seq = 1
  let end = start.getTime() + durationMs
  await tx.insert(lotEvents).values({ lotId, seq, kind: 'opened', at: start, endsAt: new Date(end) })
  let prev = GENESIS_HASH
  let best: number | null = null
  let extensions = 0
  const placed: { supplierId: string; priceMinor: number; receivedAt: number }[] = []
  for (const b of history) {
    seq++
    const at = new Date(start.getTime() + b.atMs)
    const receivedAt = micro(at)
    const lead = best === null || b.priceMinor < best
    // The soft close as the acceptor applies it: a new lead inside the last 2 minutes moves the end to receipt + 2.
    const extendedTo = lead && end - at.getTime() < 120_000 ? new Date(at.getTime() + 120_000) : null
    if (extendedTo) {
      end = extendedTo.getTime()
      extensions++
    }
    if (lead) best = b.priceMinor
    const hash = bidHash(prev, { lotId, seq, supplierOrgId: b.org, priceMinor: b.priceMinor, receivedAt })
    await tx.insert(bids).values({
      lotId,
      supplierOrgId: b.org,
      priceMinor: b.priceMinor,
      seq,
      receivedAt: sql`${receivedAt}::timestamptz`,
      clientBidId: `demo-${lotId}-${seq}`,
      prevHash: prev,
      hash,
      extendedTo,
    })
    placed.push({ supplierId: b.org, priceMinor: b.priceMinor, receivedAt: at.getTime() })
    prev = hash
  }
  seq++
  await tx.insert(lotEvents).values({ lotId, seq, kind: 'closed', at: new Date(end), endsAt: new Date(end) })
  const leader = rankBids(placed)[0]
  await tx
    .update(lots)
    .set({
      status: 'closed',
      seq,
      startsAt: start,
      endsAt: new Date(end),
      bestPriceMinor: leader?.priceMinor ?? null,
      bestSupplierId: leader?.supplierId ?? null,
      extensions,
    })
    .where(eq(lots.id, lotId))
  return { seq, end, leader }
}

export async function seedDemoTendersIfEmpty(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242003)`)
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(tenders)
    if (n > 0) return false
    const [operator] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'operator'))
    const suppliers = await tx
      .select({ id: organisations.id, name: organisations.shortName })
      .from(organisations)
      .where(inArray(organisations.shortName, ['ПромКабель', 'Уралметиз', 'Astana Components']))
    const [officer] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'procurement@technosnab.demo'))
    if (!operator || suppliers.length < 3) return false
    const by = (name: string) => suppliers.find((s) => s.name === name)!.id
    const [prom, ural, astana] = [by('ПромКабель'), by('Уралметиз'), by('Astana Components')]

    // Finished two days ago: two lots, a full history, one extension, lot 1 awarded to rank 1, lot 2 awaiting award.
    const finished = await createTender(tx, {
      buyerOrgId: operator.id,
      title: 'Кабель и крепёж, IV квартал / Cable and fasteners, Q4',
      suppliers: [prom, ural, astana],
      status: 'live',
      visibility: 'full',
      durationMs: 20 * 60_000,
      createdBy: officer?.id ?? null,
      terms:
        'Цены без НДС, DAP Подольск, поставка в течение 30 дней после выбора победителя. / Prices exclude VAT, DAP Podolsk, delivery within 30 days of the award.',
      lots: [
        {
          item: 'Кабель ВВГнг-LS 3×2,5 / Cable VVGng-LS 3×2.5',
          quantity: 20_000,
          unit: 'm',
          startPriceMinor: 1_900_000_00,
          minStepMinor: 9_500_00,
          maxStepMinor: 95_000_00,
        },
        {
          item: 'Анкер-клин 6×40 / Wedge anchor 6×40',
          quantity: 50_000,
          unit: 'pcs',
          startPriceMinor: 450_000_00,
          reserveMinor: 400_000_00,
          minStepMinor: 2_250_00,
          maxStepMinor: 22_500_00,
        },
      ],
    })
    // The database clock, to the millisecond: receipts are written from it.
    const [{ start }] = rowsOf<{ start: string }>(await tx.execute(sql`select ${isoText(sql`now() - interval '2 days'`)} as start`))
    const startAt = new Date(start)
    const min = 60_000
    const lot1 = await writeHistory(tx, finished.lots[0].id, startAt, 20 * min, [
      { org: prom, priceMinor: 1_880_000_00, atMs: 1 * min },
      { org: ural, priceMinor: 1_860_000_00, atMs: 3 * min },
      { org: astana, priceMinor: 1_870_000_00, atMs: 4 * min },
      { org: prom, priceMinor: 1_845_000_00, atMs: 7 * min },
      { org: ural, priceMinor: 1_830_000_00, atMs: 12 * min },
      { org: astana, priceMinor: 1_835_000_00, atMs: 15 * min },
      { org: prom, priceMinor: 1_815_000_00, atMs: 19 * min + 20_000 },
      { org: ural, priceMinor: 1_800_000_00, atMs: 20 * min + 40_000 },
    ])
    await writeHistory(tx, finished.lots[1].id, startAt, 20 * min, [
      { org: astana, priceMinor: 440_000_00, atMs: 2 * min },
      { org: prom, priceMinor: 430_000_00, atMs: 5 * min },
      { org: astana, priceMinor: 420_000_00, atMs: 9 * min },
      { org: prom, priceMinor: 405_000_00, atMs: 16 * min },
    ])
    if (lot1.leader) {
      await tx
        .update(lots)
        .set({ awardedSupplierId: lot1.leader.supplierId, awardedAt: new Date(lot1.end + 30 * min), seq: lot1.seq + 1 })
        .where(eq(lots.id, finished.lots[0].id))
      await tx.insert(lotEvents).values({
        lotId: finished.lots[0].id,
        seq: lot1.seq + 1,
        kind: 'awarded',
        at: new Date(lot1.end + 30 * min),
        endsAt: new Date(lot1.end),
        actorUserId: officer?.id ?? null,
      })
    }
    await tx.update(tenders).set({ status: 'closed', startsAt: startAt }).where(eq(tenders.id, finished.tender.id))

    // Goes live three minutes after the first start; two suppliers have accepted the terms, the third has not.
    const live = await createTender(tx, {
      buyerOrgId: operator.id,
      title: 'Автоматические выключатели / Circuit breakers',
      suppliers: [prom, ural],
      status: 'scheduled',
      visibility: 'rank_best',
      startsInMs: 3 * min,
      durationMs: 20 * min,
      staggerMs: 2 * min,
      createdBy: officer?.id ?? null,
      lots: [
        {
          item: 'Автомат 1P C16 / MCB 1P C16',
          quantity: 5_000,
          unit: 'pcs',
          startPriceMinor: 1_250_000_00,
          minStepMinor: 6_250_00,
          maxStepMinor: 62_500_00,
        },
        {
          item: 'Автомат 3P C32 / MCB 3P C32',
          quantity: 1_000,
          unit: 'pcs',
          startPriceMinor: 980_000_00,
          minStepMinor: 4_900_00,
          maxStepMinor: 49_000_00,
        },
      ],
    })
    await tx.execute(sql`insert into invitations (tender_id, supplier_org_id) values (${live.tender.id}, ${astana})`)

    // Scheduled for later in the week, invitations not yet answered.
    await createTender(tx, {
      buyerOrgId: operator.id,
      title: 'Светильники LED / LED luminaires',
      suppliers: [prom, ural, astana],
      accepted: false,
      status: 'scheduled',
      visibility: 'rank',
      startsInMs: 3 * 86_400_000,
      durationMs: 30 * min,
      createdBy: officer?.id ?? null,
      lots: [
        {
          item: 'Светильник LED 36 Вт / LED luminaire 36 W',
          quantity: 2_000,
          unit: 'pcs',
          startPriceMinor: 2_400_000_00,
          minStepMinor: 12_000_00,
          maxStepMinor: 120_000_00,
        },
      ],
    })
    return true
  })
}
