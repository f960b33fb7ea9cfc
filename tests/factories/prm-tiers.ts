import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { orderLines, orders, invoices } from '../../db/schema/orders'
import {
  partnerCertifications,
  partnerProgrammes,
  programmeMembers,
  programmeTiers,
  type TierBenefits,
  type TierCriterion,
} from '../../db/schema/prm'

// Factories for the partner programme's tiers (issue 13): the seed and the tests make their rows the same way.

let n = 0

export async function createProgramme(
  db: DbOrTx,
  o: {
    code?: string
    nameRu?: string
    nameEn?: string
    graceMonths?: number
    effectiveLagDays?: number | null
    tiers: { code: string; nameRu: string; nameEn: string; criteria?: TierCriterion[]; benefits?: TierBenefits }[]
  },
) {
  n++
  const [programme] = await db
    .insert(partnerProgrammes)
    .values({
      code: o.code ?? `PRG-${n}-${crypto.randomUUID().slice(0, 6)}`,
      nameRu: o.nameRu ?? `Программа ${n}`,
      nameEn: o.nameEn ?? `Programme ${n}`,
      graceMonths: o.graceMonths ?? 3,
      effectiveLagDays: o.effectiveLagDays ?? null,
    })
    .returning()
  const tiers = await db
    .insert(programmeTiers)
    .values(
      o.tiers.map((t, i) => ({
        programmeId: programme.id,
        rank: i + 1,
        code: t.code,
        nameRu: t.nameRu,
        nameEn: t.nameEn,
        criteria: t.criteria ?? [],
        benefits: t.benefits ?? { dealerGroup: null },
      })),
    )
    .returning()
  return { programme, tiers: tiers.sort((a, b) => a.rank - b.rank) }
}

/** A member at a tier, without the enrolment's history (tests of evaluation start from here). */
export async function addProgrammeMember(db: DbOrTx, o: { programmeId: string; orgId: string; tierId: string; since?: string }) {
  await db.insert(programmeMembers).values({ programmeId: o.programmeId, orgId: o.orgId, tierId: o.tierId, since: o.since ?? '2026-01-01' })
}

/** Marks an order delivered `daysAgo` days ago with every line shipped in full (less `returned` units per line). */
export async function deliverOrder(db: DbOrTx, o: { orderId: string; daysAgo?: number; returned?: number }) {
  await db
    .update(orderLines)
    .set({ confirmedQty: sql`${orderLines.qty}`, shippedQty: sql`${orderLines.qty}`, returnedQty: o.returned ?? 0 })
    .where(eq(orderLines.orderId, o.orderId))
  await db
    .update(orders)
    .set({ status: 'delivered', deliveredAt: sql`now() - make_interval(days => ${o.daysAgo ?? 1})` })
    .where(eq(orders.id, o.orderId))
}

export async function createCertification(
  db: DbOrTx,
  o: { orgId: string; personName?: string; course?: string; completedOn?: string; expiresOn?: string | null },
) {
  n++
  const [row] = await db
    .insert(partnerCertifications)
    .values({
      orgId: o.orgId,
      personName: o.personName ?? `Сотрудник ${n}`,
      course: o.course ?? 'Светотехника: базовый курс',
      completedOn: o.completedOn ?? '2026-01-15',
      expiresOn: o.expiresOn === undefined ? null : o.expiresOn,
    })
    .returning()
  return row
}

/** An unpaid invoice, due `dueDaysAgo` days before today (operator calendar). */
export async function createOverdueInvoice(db: DbOrTx, o: { orgId: string; amountMinor: number; dueOn: string; issuedOn?: string }) {
  n++
  const [row] = await db
    .insert(invoices)
    .values({
      orgId: o.orgId,
      number: `INV-T-${n}-${crypto.randomUUID().slice(0, 6)}`,
      issuedOn: o.issuedOn ?? o.dueOn,
      dueOn: o.dueOn,
      amountMinor: o.amountMinor,
    })
    .returning()
  return row
}
