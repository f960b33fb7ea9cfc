import { and, asc, eq, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { arrayLiteral } from '../../../db/sql-lists'
import type { LedgerExplanation } from '../../../db/schema/incentives'
import { sarmBonusNorms, sarmBonusProgrammes, shops, trainings } from '../../../db/schema/sarm'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope, OrgScope } from '../auth/scope.server'
import { accrueLedgerLines, type AccrualOutcome } from '../incentives/ledger.server'
import { businessClock } from '../../utils/clock.server'
import { csvResponse, decimal, toCsv } from '../../utils/csv'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatMonth } from '../../i18n/format'
import { renderExplanation } from '../incentives/explain'
import { normBonus, normBonusExplanation, normProgress, type NormBonus } from './bonus-rules'
import { normOverrides, resolveNorm, type NormSource } from './bonus-norms'
import { monthStarts } from './bonus-period'
import type { BonusProgrammeInput, ResultsQuery } from './bonus-schemas'

// The bonus above a norm (issue 14): partner managers define programmes (period, products or categories, dealers,
// a norm with per-shop and per-person overrides, a rate per unit above it, a cap, a training to complete); each
// assistant's confirmed units (qty − returned) are summed for a whole programme in ONE statement, the norm resolved
// (bonus-norms.ts) and the money computed (bonus-rules.ts), and the result written through the incentive ledger under
// one accrual key per programme and person — so a change after approval or payment becomes a correction line there.

type Programme = typeof sarmBonusProgrammes.$inferSelect
export type BonusResult = { ok: true; id: string } | { ok: false; status?: 404 | 409; fieldErrors?: Record<string, string[]>; formErrors?: string[] }
export type BonusAccrualSummary = Record<AccrualOutcome, number> & { assistants: number; totalMinor: number }

export const bonusAccrualKey = (programmeId: string, userId: string) => `sarm_bonus:${programmeId}:${userId}`
const ruleOf = (p: Programme, norm: number) => ({ norm, ratePerUnitMinor: p.rateMinor, capMinor: p.capMinor })

// ── Programmes ────────────────────────────────────────────────────────────────────────────────────────────────

/** Creates (id null) or updates a programme; SKUs, categories, dealers and the training must exist. */
export async function saveBonusProgramme({
  actor,
  id,
  input,
}: {
  actor: Actor
  id: string | null
  input: BonusProgrammeInput
}): Promise<BonusResult> {
  return db.transaction(async (tx) => {
    const fieldErrors: Record<string, string[]> = {}
    const productIds: string[] = []
    if (input.skus.length) {
      const found = rowsOf<{ id: string; sku: string }>(
        await tx.execute(sql`select id, sku from products where sku = any(${arrayLiteral(input.skus)}::text[])`),
      )
      const known = new Map(found.map((p) => [p.sku, p.id]))
      const missing = input.skus.filter((s) => !known.has(s))
      if (missing.length) fieldErrors.skus = ['bonus.error.unknownSku']
      productIds.push(...input.skus.flatMap((s) => known.get(s) ?? []))
    }
    if (input.categoryIds.length) {
      const [{ n }] = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from categories where id = any(${arrayLiteral(input.categoryIds)}::uuid[])`),
      )
      if (n !== input.categoryIds.length) fieldErrors.categoryIds = ['errors.chooseOne']
    }
    if (input.orgIds.length) {
      const [{ n }] = rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from organisations where kind = 'dealer' and id = any(${arrayLiteral(input.orgIds)}::uuid[])`),
      )
      if (n !== input.orgIds.length) fieldErrors.orgIds = ['errors.chooseOne']
    }
    if (input.requiredTrainingId) {
      const [t] = await tx.select({ id: trainings.id }).from(trainings).where(eq(trainings.id, input.requiredTrainingId))
      if (!t) fieldErrors.requiredTrainingId = ['errors.chooseOne']
    }
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors } as const
    const values = {
      nameRu: input.nameRu,
      nameEn: input.nameEn,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      productIds,
      categoryIds: input.categoryIds,
      orgIds: input.orgIds,
      normUnits: input.normUnits,
      rateMinor: input.rateMinor,
      capMinor: input.capMinor,
      requiredTrainingId: input.requiredTrainingId,
      status: input.status,
    }
    let saved: string
    if (id) {
      const [row] = await tx.update(sarmBonusProgrammes).set(values).where(eq(sarmBonusProgrammes.id, id)).returning({ id: sarmBonusProgrammes.id })
      if (!row) return { ok: false, status: 404 } as const
      saved = row.id
    } else {
      const [row] = await tx
        .insert(sarmBonusProgrammes)
        .values({ ...values, createdBy: actor.userId })
        .returning({ id: sarmBonusProgrammes.id })
      saved = row.id
    }
    await writeAudit(tx, actor, { action: 'sarm_bonus.saved', entity: 'sarm_bonus_programme', entityId: saved, details: { created: !id, ...values } })
    return { ok: true, id: saved } as const
  })
}

/** Sets a shop's or a person's own norm for a programme (replacing one set before). */
export async function saveBonusNorm({
  actor,
  programmeId,
  target,
  normUnits,
}: {
  scope: AnyScope
  actor: Actor
  programmeId: string
  target: { shopId: string } | { email: string }
  normUnits: number
}): Promise<BonusResult> {
  return db.transaction(async (tx): Promise<BonusResult> => {
    const [programme] = await tx.select({ id: sarmBonusProgrammes.id }).from(sarmBonusProgrammes).where(eq(sarmBonusProgrammes.id, programmeId))
    if (!programme) return { ok: false, status: 404 } as const
    let shopId: string | null = null
    let userId: string | null = null
    if ('shopId' in target) {
      const [shop] = await tx.select({ id: shops.id }).from(shops).where(eq(shops.id, target.shopId))
      if (!shop) return { ok: false, fieldErrors: { shopId: ['errors.chooseOne'] } }
      shopId = shop.id
    } else {
      // Only a person on some dealer's roster is an assistant a norm can be for.
      const [person] = rowsOf<{ id: string }>(
        await tx.execute(
          sql`select u.id from users u where u.email = ${target.email.toLowerCase()} and exists (select 1 from shop_assistants sa where sa.user_id = u.id)`,
        ),
      )
      if (!person) return { ok: false, fieldErrors: { email: ['bonus.error.notAnAssistant'] } }
      userId = person.id
    }
    const existing = await tx
      .select({ id: sarmBonusNorms.id })
      .from(sarmBonusNorms)
      .where(
        and(
          eq(sarmBonusNorms.programmeId, programmeId),
          shopId ? eq(sarmBonusNorms.shopId, shopId) : sql`${sarmBonusNorms.shopId} is null`,
          userId ? eq(sarmBonusNorms.userId, userId) : sql`${sarmBonusNorms.userId} is null`,
        ),
      )
    let normId: string
    if (existing[0]) {
      await tx.update(sarmBonusNorms).set({ normUnits }).where(eq(sarmBonusNorms.id, existing[0].id))
      normId = existing[0].id
    } else {
      const [row] = await tx.insert(sarmBonusNorms).values({ programmeId, shopId, userId, normUnits }).returning({ id: sarmBonusNorms.id })
      normId = row.id
    }
    await writeAudit(tx, actor, {
      action: 'sarm_bonus.saved',
      entity: 'sarm_bonus_programme',
      entityId: programmeId,
      details: { norm: { id: normId, shopId, userId, normUnits } },
    })
    return { ok: true, id: normId } as const
  })
}

export async function removeBonusNorm({
  actor,
  programmeId,
  normId,
}: {
  scope: AnyScope
  actor: Actor
  programmeId: string
  normId: string
}): Promise<BonusResult> {
  return db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(sarmBonusNorms)
      .where(and(eq(sarmBonusNorms.id, normId), eq(sarmBonusNorms.programmeId, programmeId)))
      .returning({ id: sarmBonusNorms.id, shopId: sarmBonusNorms.shopId, userId: sarmBonusNorms.userId })
    if (!gone) return { ok: false, status: 404 } as const
    await writeAudit(tx, actor, { action: 'sarm_bonus.saved', entity: 'sarm_bonus_programme', entityId: programmeId, details: { normRemoved: gone } })
    return { ok: true, id: programmeId } as const
  })
}

export async function listBonusProgrammes(_: { scope: AnyScope }) {
  const rows = rowsOf<{
    id: string
    name_ru: string
    name_en: string
    period_start: string
    period_end: string
    status: Programme['status']
    norm_units: number
    rate_minor: string
    cap_minor: string | null
    accrued_minor: string
    assistants: number
  }>(
    await db.execute(sql`
      select p.id, p.name_ru, p.name_en, p.period_start::text, p.period_end::text, p.status, p.norm_units, p.rate_minor::text, p.cap_minor::text,
        coalesce(sum(l.amount_minor) filter (where l.status <> 'reversed'), 0)::text as accrued_minor,
        count(distinct l.user_id)::int as assistants
      from sarm_bonus_programmes p
      left join ledger_lines l on l.source = 'sarm_bonus' and l.programme_id = p.id
      group by p.id
      order by p.period_start desc, p.name_ru
      limit 500`),
  )
  return rows.map((r) => ({
    id: r.id,
    nameRu: r.name_ru,
    nameEn: r.name_en,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status,
    normUnits: r.norm_units,
    rateMinor: Number(r.rate_minor),
    capMinor: r.cap_minor === null ? null : Number(r.cap_minor),
    accruedMinor: Number(r.accrued_minor),
    assistants: r.assistants,
  }))
}

/** One programme for the desk: its rules (SKUs for the form), its norms by shop and person, its ledger lines. */
export async function getBonusProgramme({ id }: { scope: AnyScope; id: string }) {
  const [programme] = await db.select().from(sarmBonusProgrammes).where(eq(sarmBonusProgrammes.id, id))
  if (!programme) return null
  const skus = programme.productIds.length
    ? rowsOf<{ sku: string }>(
        await db.execute(sql`select sku from products where id = any(${arrayLiteral(programme.productIds)}::uuid[]) order by sku`),
      ).map((r) => r.sku)
    : []
  const norms = rowsOf<{ id: string; shop_id: string | null; user_id: string | null; norm_units: number; label: string; org_name: string }>(
    await db.execute(sql`
      select n.id, n.shop_id, n.user_id, n.norm_units,
        coalesce(s.name, u.display_name || ' <' || u.email || '>') as label,
        coalesce(so.short_name, (select o.short_name from shop_assistants sa join organisations o on o.id = sa.org_id
          where sa.user_id = n.user_id order by sa.starts_on desc limit 1), '') as org_name
      from sarm_bonus_norms n
      left join shops s on s.id = n.shop_id
      left join organisations so on so.id = s.org_id
      left join users u on u.id = n.user_id
      where n.programme_id = ${id}::uuid
      order by (n.user_id is null) desc, label`),
  ).map((r) => ({
    id: r.id,
    kind: r.user_id ? ('person' as const) : ('shop' as const),
    normUnits: r.norm_units,
    label: r.label,
    orgName: r.org_name,
  }))
  const lines = rowsOf<{
    id: string
    org_name: string
    name: string
    amount_minor: string
    status: string
    hold_reasons: string[]
    explanation: LedgerExplanation
    corrects: string | null
  }>(
    await db.execute(sql`
      select l.id, o.short_name as org_name, u.display_name as name, l.amount_minor::text, l.status::text, l.hold_reasons, l.explanation,
        l.corrects_line_id as corrects
      from ledger_lines l join organisations o on o.id = l.org_id left join users u on u.id = l.user_id
      where l.source = 'sarm_bonus' and l.programme_id = ${id}::uuid
      order by o.short_name, u.display_name, l.created_at
      limit 500`),
  ).map((r) => ({
    id: r.id,
    orgName: r.org_name,
    name: r.name,
    amountMinor: Number(r.amount_minor),
    status: r.status,
    holdReasons: r.hold_reasons,
    explanation: r.explanation,
    correction: r.corrects !== null,
  }))
  const options = {
    categories: rowsOf<{ id: string; name_ru: string; name_en: string }>(
      await db.execute(sql`select id, name_ru, name_en from categories order by sort`),
    ),
    dealers: rowsOf<{ id: string; short_name: string }>(
      await db.execute(sql`select id, short_name from organisations where kind = 'dealer' order by short_name`),
    ),
    trainings: await db
      .select({ id: trainings.id, titleRu: trainings.titleRu, titleEn: trainings.titleEn })
      .from(trainings)
      .orderBy(asc(trainings.titleRu)),
    shops: rowsOf<{ id: string; label: string }>(
      await db.execute(
        sql`select s.id, o.short_name || ' · ' || s.name as label from shops s join organisations o on o.id = s.org_id order by label limit 1000`,
      ),
    ),
  }
  return { programme: { ...programme, skus }, norms, lines, options }
}

/** What the new-programme form offers: categories, dealers and trainings. */
export async function bonusFormOptions(_: { scope: AnyScope }) {
  return {
    categories: rowsOf<{ id: string; name_ru: string; name_en: string }>(
      await db.execute(sql`select id, name_ru, name_en from categories order by sort`),
    ),
    dealers: rowsOf<{ id: string; short_name: string }>(
      await db.execute(sql`select id, short_name from organisations where kind = 'dealer' order by short_name`),
    ),
    trainings: await db
      .select({ id: trainings.id, titleRu: trainings.titleRu, titleEn: trainings.titleEn })
      .from(trainings)
      .orderBy(asc(trainings.titleRu)),
  }
}

// ── Measuring and accruing ────────────────────────────────────────────────────────────────────────────────────

export interface AssistantBonus {
  userId: string
  orgId: string
  shopId: string | null
  units: number
  norm: number
  normSource: NormSource
  eligible: boolean
  bonus: NormBonus
  explanation: LedgerExplanation
}

/**
 * Every assistant's confirmed units for one programme in ONE statement: `qty − returned_qty` of confirmed sale
 * reports in the period for the programme's products or categories (none named: all) and dealers (none: all),
 * the shop on the assistant's roster in the period (for a shop's norm), and whether the required training is
 * completed. People who already have a line for the programme are included at zero, so a return of everything
 * brings their line down. `userIds` / `orgId` narrow it to some assistants or one dealer.
 */
export async function measureBonusProgramme(
  tx: DbOrTx,
  programme: Programme,
  narrow: { userIds?: readonly string[]; orgId?: string } = {},
): Promise<AssistantBonus[]> {
  const products = programme.productIds.length ? arrayLiteral(programme.productIds) : null
  const categories = programme.categoryIds.length ? arrayLiteral(programme.categoryIds) : null
  const productFilter =
    products || categories
      ? sql`and (${products ? sql`sr.product_id = any(${products}::uuid[])` : sql`false`}
          or ${categories ? sql`exists (select 1 from products p where p.id = sr.product_id and p.category_id = any(${categories}::uuid[]))` : sql`false`})`
      : sql``
  const orgs = programme.orgIds.length ? sql`and sr.org_id = any(${arrayLiteral(programme.orgIds)}::uuid[])` : sql``
  const users = narrow.userIds ? arrayLiteral([...narrow.userIds]) : null
  const rows = rowsOf<{ user_id: string; org_id: string; units: number; shop_id: string | null; eligible: boolean | string }>(
    await tx.execute(sql`
      with sold as (
        select sr.user_id, sr.org_id, sum(sr.qty - sr.returned_qty)::int as units
        from sale_reports sr
        where sr.status = 'confirmed' and sr.sold_on between ${programme.periodStart}::date and ${programme.periodEnd}::date
          ${productFilter} ${orgs}
          ${users ? sql`and sr.user_id = any(${users}::uuid[])` : sql``}
          ${narrow.orgId ? sql`and sr.org_id = ${narrow.orgId}::uuid` : sql``}
        group by sr.user_id, sr.org_id
      ),
      people as (
        select user_id, org_id, units from sold
        union all
        select l.user_id, l.org_id, 0 from ledger_lines l
        where l.source = 'sarm_bonus' and l.programme_id = ${programme.id}::uuid and l.corrects_line_id is null and l.user_id is not null
          ${users ? sql`and l.user_id = any(${users}::uuid[])` : sql``}
          ${narrow.orgId ? sql`and l.org_id = ${narrow.orgId}::uuid` : sql``}
        ${
          // One dealer's view (its results, an assistant's home) shows its roster even before a first sale.
          narrow.orgId
            ? sql`union all
        select sa.user_id, sa.org_id, 0 from shop_assistants sa
        where sa.org_id = ${narrow.orgId}::uuid and sa.status = 'active'
          and sa.starts_on <= ${programme.periodEnd}::date and (sa.ends_on is null or sa.ends_on >= ${programme.periodStart}::date)
          ${programme.orgIds.length ? sql`and sa.org_id = any(${arrayLiteral(programme.orgIds)}::uuid[])` : sql``}
          ${users ? sql`and sa.user_id = any(${users}::uuid[])` : sql``}`
            : sql``
        }
      ),
      per_org as (select user_id, org_id, sum(units) as units from people group by user_id, org_id),
      -- One line per person: an assistant who moved to another dealer mid-period is paid by the dealer of most units.
      per_person as (select distinct on (user_id) user_id, org_id, units from per_org order by user_id, units desc, org_id)
      select x.user_id, x.org_id, x.units::int as units, r.shop_id,
        ${
          programme.requiredTrainingId
            ? sql`exists (select 1 from training_completions tc where tc.training_id = ${programme.requiredTrainingId}::uuid and tc.user_id = x.user_id)`
            : sql`true`
        } as eligible
      from per_person x
      left join lateral (
        select sa.shop_id from shop_assistants sa
        where sa.user_id = x.user_id and sa.org_id = x.org_id and sa.status = 'active'
          and sa.starts_on <= ${programme.periodEnd}::date and (sa.ends_on is null or sa.ends_on >= ${programme.periodStart}::date)
        order by sa.starts_on desc limit 1
      ) r on true`),
  )
  const overrides = normOverrides(
    await tx
      .select({ shopId: sarmBonusNorms.shopId, userId: sarmBonusNorms.userId, normUnits: sarmBonusNorms.normUnits })
      .from(sarmBonusNorms)
      .where(eq(sarmBonusNorms.programmeId, programme.id)),
  )
  return rows.map((r) => {
    const { norm, source } = resolveNorm(programme.normUnits, overrides, { userId: r.user_id, shopId: r.shop_id })
    const eligible = r.eligible === true || r.eligible === 't' || r.eligible === 'true'
    const rule = ruleOf(programme, norm)
    const units = Number(r.units)
    const bonus = eligible ? normBonus(rule, units) : { ...normBonus(rule, units), grossMinor: 0, amountMinor: 0, capped: false }
    const explanation: LedgerExplanation = eligible
      ? normBonusExplanation(rule, bonus)
      : { key: 'sarm.explain.notEligible', params: { units: bonus.units, norm }, inputs: { rule, requiredTrainingId: programme.requiredTrainingId } }
    return { userId: r.user_id, orgId: r.org_id, shopId: r.shop_id, units, norm, normSource: source, eligible, bonus, explanation }
  })
}

/** Writes the measured bonuses into the ledger, in the caller's transaction (a closed programme corrects). */
async function accrueIn(tx: Tx, actor: Actor, programme: Programme, userIds?: readonly string[]): Promise<BonusAccrualSummary> {
  const measured = await measureBonusProgramme(tx, programme, { userIds })
  const outcomes = await accrueLedgerLines(
    tx,
    actor,
    measured.map((m) => ({
      orgId: m.orgId,
      userId: m.userId,
      source: 'sarm_bonus' as const,
      programmeId: programme.id,
      programmeNameRu: programme.nameRu,
      programmeNameEn: programme.nameEn,
      periodStart: programme.periodStart,
      periodEnd: programme.periodEnd,
      amountMinor: m.bonus.amountMinor,
      explanation: m.explanation,
      accrualKey: bonusAccrualKey(programme.id, m.userId),
      closed: programme.status === 'closed',
    })),
  )
  const summary: BonusAccrualSummary = { created: 0, recalculated: 0, unchanged: 0, corrected: 0, assistants: measured.length, totalMinor: 0 }
  for (const o of outcomes) summary[o.outcome]++
  summary.totalMinor = measured.reduce((s, m) => s + m.bonus.amountMinor, 0)
  return summary
}

/** The desk's "recalculate": every assistant of the programme, one transaction. A draft accrues nothing. */
export async function recalculateBonusProgramme({
  actor,
  programmeId,
}: {
  scope: AnyScope
  actor: Actor
  programmeId: string
}): Promise<{ ok: true; summary: BonusAccrualSummary } | { ok: false; status: 404 | 409; formErrors?: string[] }> {
  return db.transaction(async (tx) => {
    // Two recalculations at once would compute from the same sales: the second waits and finds nothing to change.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sarm-bonus:${programmeId}`}))`)
    const [programme] = await tx.select().from(sarmBonusProgrammes).where(eq(sarmBonusProgrammes.id, programmeId))
    if (!programme) return { ok: false, status: 404 } as const
    if (programme.status === 'draft') return { ok: false, status: 409, formErrors: ['bonus.error.draft'] } as const
    return { ok: true, summary: await accrueIn(tx, actor, programme) } as const
  })
}

/**
 * After sales changed (sales-events.server.ts): the programmes whose period contains a changed day and whose dealers
 * include the change's, recomputed for the changed assistants only — one measurement and one ledger write per
 * programme, whatever the number of sales.
 */
export async function recomputeBonusesForSales(tx: Tx, actor: Actor, changes: readonly { orgId: string; userId: string; soldOn: string }[]) {
  if (!changes.length) return
  const days = changes.map((c) => c.soldOn).sort()
  const programmes = await tx
    .select()
    .from(sarmBonusProgrammes)
    .where(
      and(
        sql`${sarmBonusProgrammes.status} <> 'draft'`,
        sql`${sarmBonusProgrammes.periodStart} <= ${days[days.length - 1]}::date`,
        sql`${sarmBonusProgrammes.periodEnd} >= ${days[0]}::date`,
      ),
    )
    .orderBy(asc(sarmBonusProgrammes.id))
  for (const programme of programmes) {
    const touched = changes.filter(
      (c) => c.soldOn >= programme.periodStart && c.soldOn <= programme.periodEnd && (!programme.orgIds.length || programme.orgIds.includes(c.orgId)),
    )
    if (!touched.length) continue
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sarm-bonus:${programme.id}`}))`)
    await accrueIn(tx, actor, programme, [...new Set(touched.map((c) => c.userId))])
  }
}

// ── What people see ───────────────────────────────────────────────────────────────────────────────────────────

/** The programmes running today for a dealer (active, period containing today, the dealer taking part). */
async function runningProgrammes(tx: DbOrTx, orgId: string, today: string) {
  return tx
    .select()
    .from(sarmBonusProgrammes)
    .where(
      and(
        eq(sarmBonusProgrammes.status, 'active'),
        sql`${sarmBonusProgrammes.periodStart} <= ${today}::date and ${sarmBonusProgrammes.periodEnd} >= ${today}::date`,
        sql`(cardinality(${sarmBonusProgrammes.orgIds}) = 0 or ${orgId}::uuid = any(${sarmBonusProgrammes.orgIds}))`,
      ),
    )
    .orderBy(asc(sarmBonusProgrammes.periodEnd), asc(sarmBonusProgrammes.nameRu))
}

/**
 * The assistant's home: for each running programme, progress to the norm, what the next unit earns and the
 * explanation so far (or the training to complete); and the person's own payout lines. Only the caller's rows:
 * the user id comes from the session and is in every WHERE.
 */
export async function assistantHome({ scope, userId }: { scope: OrgScope; userId: string }) {
  const { today } = await businessClock()
  const programmes = await runningProgrammes(db, scope.orgId, today)
  const running = []
  for (const p of programmes) {
    const [mine] = (await measureBonusProgramme(db, p, { userIds: [userId], orgId: scope.orgId })).filter((m) => m.userId === userId)
    // Not on the roster in the period (an ended assistant looking back): nothing to progress towards.
    if (!mine) continue
    const { norm, units, eligible } = mine
    const rule = ruleOf(p, norm)
    const progress = normProgress(rule, units)
    const training = p.requiredTrainingId
      ? (await db.select({ titleRu: trainings.titleRu, titleEn: trainings.titleEn }).from(trainings).where(eq(trainings.id, p.requiredTrainingId)))[0]
      : undefined
    running.push({
      id: p.id,
      nameRu: p.nameRu,
      nameEn: p.nameEn,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      units,
      norm,
      toNorm: progress.toNorm,
      amountMinor: eligible ? progress.amountMinor : 0,
      nextUnitMinor: eligible ? progress.nextUnitMinor : 0,
      capped: progress.capped,
      capMinor: p.capMinor,
      rateMinor: p.rateMinor,
      eligible,
      training: training ?? null,
      requiredTrainingId: p.requiredTrainingId,
      explanation: eligible ? normBonusExplanation(rule, progress) : null,
    })
  }
  const lines = rowsOf<{
    id: string
    source: string
    programme_id: string | null
    name_ru: string
    name_en: string
    period_start: string
    period_end: string
    amount_minor: string
    status: string
    hold_reasons: string[]
    explanation: LedgerExplanation
  }>(
    await db.execute(sql`
      select id, source, programme_id, programme_name_ru as name_ru, programme_name_en as name_en, period_start::text, period_end::text, amount_minor::text,
        status::text, hold_reasons, explanation
      from ledger_lines
      where org_id = ${scope.orgId}::uuid and user_id = ${userId}::uuid
      order by period_start desc, created_at desc
      limit 200`),
  ).map((r) => ({
    id: r.id,
    source: r.source,
    programmeId: r.programme_id,
    nameRu: r.name_ru,
    nameEn: r.name_en,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amountMinor: Number(r.amount_minor),
    status: r.status,
    holdReasons: r.hold_reasons,
    explanation: r.explanation,
  }))
  return { today, running, lines }
}

/**
 * A dealer's shops' results for the programmes running today: units, norm and bonus per assistant (with shop),
 * and its assistants' payout lines that are held, with their reason codes. One dealer's rows only.
 */
export async function dealerResults({ scope }: { scope: OrgScope }) {
  const { today } = await businessClock()
  const programmes = await runningProgrammes(db, scope.orgId, today)
  const names = new Map(
    rowsOf<{ user_id: string; name: string; shop_id: string; shop: string }>(
      await db.execute(sql`
        select sa.user_id, u.display_name as name, sa.shop_id, s.name as shop
        from shop_assistants sa join users u on u.id = sa.user_id join shops s on s.id = sa.shop_id
        where sa.org_id = ${scope.orgId}::uuid`),
    ).map((r) => [r.user_id, r]),
  )
  const shopNames = new Map(
    (await db.select({ id: shops.id, name: shops.name }).from(shops).where(eq(shops.orgId, scope.orgId))).map((s) => [s.id, s.name]),
  )
  const rows = []
  for (const p of programmes)
    for (const m of await measureBonusProgramme(db, p, { orgId: scope.orgId }))
      if (m.orgId === scope.orgId)
        rows.push({
          programmeId: p.id,
          programmeRu: p.nameRu,
          programmeEn: p.nameEn,
          userId: m.userId,
          name: names.get(m.userId)?.name ?? '—',
          shop: (m.shopId && shopNames.get(m.shopId)) ?? names.get(m.userId)?.shop ?? '—',
          units: m.units,
          norm: m.norm,
          eligible: m.eligible,
          amountMinor: m.bonus.amountMinor,
          explanation: m.explanation,
        })
  const held = rowsOf<{
    id: string
    name: string | null
    name_ru: string
    name_en: string
    amount_minor: string
    hold_reasons: string[]
    explanation: LedgerExplanation
  }>(
    await db.execute(sql`
      select l.id, u.display_name as name, l.programme_name_ru as name_ru, l.programme_name_en as name_en, l.amount_minor::text, l.hold_reasons,
        l.explanation
      from ledger_lines l left join users u on u.id = l.user_id
      where l.org_id = ${scope.orgId}::uuid and l.user_id is not null and l.status = 'held' and l.source in ('sarm_bonus', 'contest_prize')
      order by l.created_at desc limit 200`),
  ).map((r) => ({
    id: r.id,
    name: r.name ?? '—',
    nameRu: r.name_ru,
    nameEn: r.name_en,
    amountMinor: Number(r.amount_minor),
    holdReasons: r.hold_reasons,
    explanation: r.explanation,
  }))
  return { today, rows, held }
}

/**
 * The partner manager's overview: confirmed units and revenue (net of returns) by shop and by region, this month
 * and last, across every dealer; plus how many reports wait for a shop manager and the bonus accrued.
 */
export async function deskSarmOverview(_: { scope: AnyScope }) {
  const { today } = await businessClock()
  const { thisMonth, lastMonth } = monthStarts(today)
  const byShop = rowsOf<{
    shop_id: string
    shop: string
    org_name: string
    region: string
    units_this: number
    units_last: number
    revenue_this: string
    revenue_last: string
  }>(
    await db.execute(sql`
      select s.id as shop_id, s.name as shop, o.short_name as org_name, s.region,
        coalesce(sum(sr.qty - sr.returned_qty) filter (where sr.sold_on >= ${thisMonth}::date), 0)::int as units_this,
        coalesce(sum(sr.qty - sr.returned_qty) filter (where sr.sold_on < ${thisMonth}::date), 0)::int as units_last,
        coalesce(sum((sr.qty - sr.returned_qty) * sr.unit_price_minor) filter (where sr.sold_on >= ${thisMonth}::date), 0)::text as revenue_this,
        coalesce(sum((sr.qty - sr.returned_qty) * sr.unit_price_minor) filter (where sr.sold_on < ${thisMonth}::date), 0)::text as revenue_last
      from sale_reports sr join shops s on s.id = sr.shop_id join organisations o on o.id = s.org_id
      where sr.status = 'confirmed' and sr.sold_on >= ${lastMonth}::date and sr.sold_on <= ${today}::date
      group by s.id, o.short_name
      order by units_this desc, s.name
      limit 500`),
  ).map((r) => ({
    shopId: r.shop_id,
    shop: r.shop,
    orgName: r.org_name,
    region: r.region,
    unitsThis: Number(r.units_this),
    unitsLast: Number(r.units_last),
    revenueThisMinor: Number(r.revenue_this),
    revenueLastMinor: Number(r.revenue_last),
  }))
  const regions = new Map<string, { region: string; unitsThis: number; unitsLast: number; revenueThisMinor: number; revenueLastMinor: number }>()
  for (const s of byShop) {
    const r = regions.get(s.region) ?? { region: s.region, unitsThis: 0, unitsLast: 0, revenueThisMinor: 0, revenueLastMinor: 0 }
    r.unitsThis += s.unitsThis
    r.unitsLast += s.unitsLast
    r.revenueThisMinor += s.revenueThisMinor
    r.revenueLastMinor += s.revenueLastMinor
    regions.set(s.region, r)
  }
  const [counts] = rowsOf<{ pending: number; programmes: number; accrued: string }>(
    await db.execute(sql`
      select (select count(*) from sale_reports where status = 'pending')::int as pending,
        (select count(*) from sarm_bonus_programmes where status = 'active' and period_end >= ${today}::date)::int as programmes,
        (select coalesce(sum(amount_minor), 0) from ledger_lines where source = 'sarm_bonus' and status <> 'reversed' and period_end >= ${lastMonth}::date)::text
          as accrued`),
  )
  return {
    today,
    thisMonth,
    lastMonth,
    byShop,
    byRegion: [...regions.values()].sort((a, b) => b.unitsThis - a.unitsThis || a.region.localeCompare(b.region)),
    pendingReports: Number(counts.pending),
    runningProgrammes: Number(counts.programmes),
    accruedMinor: Number(counts.accrued),
  }
}

type ResultRow = Awaited<ReturnType<typeof dealerResults>>['rows'][number]

/** The dealer's results in the order asked for (ties by shop, then name, so the order is stable). */
export function sortResults(rows: ResultRow[], query: ResultsQuery, locale: Locale): ResultRow[] {
  const text = (a: string, b: string) => a.localeCompare(b, locale)
  const by: Record<ResultsQuery['sort'], (a: ResultRow, b: ResultRow) => number> = {
    shop: (a, b) => text(a.shop, b.shop),
    name: (a, b) => text(a.name, b.name),
    programme: (a, b) => text(locale === 'ru' ? a.programmeRu : a.programmeEn, locale === 'ru' ? b.programmeRu : b.programmeEn),
    units: (a, b) => a.units - b.units,
    amount: (a, b) => a.amountMinor - b.amountMinor,
  }
  const sign = query.dir === 'desc' ? -1 : 1
  return [...rows].sort((a, b) => sign * by[query.sort](a, b) || text(a.shop, b.shop) || text(a.name, b.name))
}

/** Per shop and programme: the assistants' units and bonus added up. */
export function shopTotals(rows: ResultRow[]) {
  const totals = new Map<string, { shop: string; programmeRu: string; programmeEn: string; units: number; amountMinor: number; assistants: number }>()
  for (const r of rows) {
    const key = `${r.programmeId}|${r.shop}`
    const t = totals.get(key) ?? { shop: r.shop, programmeRu: r.programmeRu, programmeEn: r.programmeEn, units: 0, amountMinor: 0, assistants: 0 }
    t.units += r.units
    t.amountMinor += r.amountMinor
    t.assistants++
    totals.set(key, t)
  }
  return [...totals.values()].sort((a, b) => b.units - a.units || a.shop.localeCompare(b.shop))
}

export async function dealerResultsCsv({ scope, locale, query }: { scope: OrgScope; locale: Locale; query: ResultsQuery }) {
  const { rows, today } = await dealerResults({ scope })
  const tr = (k: MessageKey) => translate(locale, k)
  return csvResponse(
    `shop-results-${today}.csv`,
    toCsv(
      [
        tr('shopResults.programme'),
        tr('shopResults.shop'),
        tr('shopResults.assistant'),
        tr('shopResults.units'),
        tr('shopResults.norm'),
        tr('shopResults.bonus'),
        tr('shopResults.explanation'),
      ],
      sortResults(rows, query, locale).map((r) => [
        locale === 'ru' ? r.programmeRu : r.programmeEn,
        r.shop,
        r.name,
        r.units,
        r.norm,
        decimal(r.amountMinor / 100),
        renderExplanation(locale, r.explanation),
      ]),
      locale,
    ),
  )
}

/** The overview's sales by shop as a spreadsheet (this month and last, units and revenue), in the reader's dialect. */
export async function deskSalesCsv({ scope, locale }: { scope: AnyScope; locale: Locale }) {
  const { byShop, today, thisMonth, lastMonth } = await deskSarmOverview({ scope })
  const tr = (k: MessageKey, params?: Record<string, string>) => translate(locale, k, params)
  const months = { last: formatMonth(locale, lastMonth), this: formatMonth(locale, thisMonth) }
  return csvResponse(
    `shop-sales-${today}.csv`,
    toCsv(
      [
        tr('bonus.dealer'),
        tr('shopResults.shop'),
        tr('deskSarm.region'),
        tr('deskSarm.units', { month: months.last }),
        tr('deskSarm.units', { month: months.this }),
        tr('deskSarm.revenue', { month: months.last }),
        tr('deskSarm.revenue', { month: months.this }),
      ],
      byShop.map((s) => [
        s.orgName,
        s.shop,
        s.region,
        s.unitsLast,
        s.unitsThis,
        decimal(s.revenueLastMinor / 100),
        decimal(s.revenueThisMinor / 100),
      ]),
      locale,
    ),
  )
}
