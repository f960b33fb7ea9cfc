import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { partnerProgrammes, programmeMembers, programmeTiers, type TierBenefits, type TierCriterion } from '../../../db/schema/prm'
import { catalog, type Locale } from '../../i18n'
import { businessClock } from '../../utils/clock.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { productFormOptions } from '../catalog/queries.server'
import { listPriceLists } from '../pricing/queries.server'
import { dealerGroupName } from '../tenancy/dealer-groups'
import { scheduleDealerGroups } from '../tenancy/mutations.server'
import { effectiveFromFor } from './tier-rules'
import { thresholdText, type TierEdit } from './tier-schemas'

// The desk's tier editor (issue 13 "Tiers": criteria and benefits as data). One save is one transaction over the
// whole ladder: tiers renamed, their criteria and benefits replaced, a tier added at the top or the top one removed
// (only while no member holds it, is overridden to it or is in grace towards it, and no history names it). Changed
// criteria move no one until the next evaluation; a changed price group applies to the tier's holders from today
// (or after the programme's lag), as a promotion would. The form carries the ladder's revision, so two partner
// managers editing at once cannot silently undo each other's work.

type StoredTier = typeof programmeTiers.$inferSelect

/** A fingerprint of the stored ladder: the form sends it back, a save against another ladder is refused. */
function revisionOf(tiers: readonly StoredTier[]): string {
  const canonical = tiers
    .map((t) => ({ id: t.id, rank: t.rank, code: t.code, nameRu: t.nameRu, nameEn: t.nameEn, criteria: t.criteria, benefits: t.benefits }))
    .sort((a, b) => a.rank - b.rank)
  return createHash('sha256').update(stableJson(canonical)).digest('hex').slice(0, 32)
}

/** JSON with object keys sorted, so a jsonb round trip (which reorders keys) gives the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value ?? null)
}

/** Per tier: members holding it (held, overridden to, in grace towards it) and whether any history names it. */
async function tierUsage(tx: DbOrTx, programmeId: string) {
  const rows = rowsOf<{ tier_id: string; held: number; in_history: boolean }>(
    await tx.execute(sql`
      select t.id as tier_id,
        (select count(*)::int from programme_members m where m.programme_id = t.programme_id
          and (m.tier_id = t.id or m.override_tier_id = t.id or m.grace_tier_id = t.id)) as held,
        (exists (select 1 from tier_changes c where c.from_tier_id = t.id or c.to_tier_id = t.id)
          or exists (select 1 from tier_evaluations e where e.qualified_tier_id = t.id or e.result_tier_id = t.id)) as in_history
      from programme_tiers t where t.programme_id = ${programmeId}::uuid`),
  )
  return new Map(rows.map((r) => [r.tier_id, { held: Number(r.held), inHistory: !!r.in_history }]))
}

/**
 * The dealer groups a tier may give: the named ones and those with group price lists (read through pricing, on its
 * own connection: call it before a transaction), plus those the tiers give now.
 */
async function listedDealerGroups(scope: AnyScope): Promise<string[]> {
  const named = Object.keys(catalog)
    .filter((k) => k.startsWith('dealerGroup.'))
    .map((k) => k.slice('dealerGroup.'.length))
  const lists = await listPriceLists({ scope })
  return [...named, ...lists.flatMap((l) => (l.scope === 'group' && l.dealerGroup ? [l.dealerGroup] : []))]
}
const withTierGroups = (listed: readonly string[], tiers: readonly StoredTier[]) =>
  new Set([...listed, ...tiers.flatMap((t) => (t.benefits.dealerGroup ? [t.benefits.dealerGroup] : []))])

export type TierFormDefaults = {
  id: string
  rank: string
  nameRu: string
  nameEn: string
  dealerGroup: string
  dealProtectionDays: string
  rebateBonus: string
  dealBonus: string
  perksRu: string
  perksEn: string
  criteria: { kind: TierCriterion['kind']; op: TierCriterion['op']; threshold: string; categoryIds: string[] }[]
}

/** What the editor needs: the ladder as form values, its revision, the choices, and which tiers could be removed. */
export async function getTierEditor({ scope, programmeId, locale }: { scope: AnyScope; programmeId: string; locale: Locale }) {
  const tiers = await db.select().from(programmeTiers).where(eq(programmeTiers.programmeId, programmeId)).orderBy(asc(programmeTiers.rank))
  const usage = await tierUsage(db, programmeId)
  const groups = withTierGroups(await listedDealerGroups(scope), tiers)
  const { categories } = await productFormOptions()
  const defaults: TierFormDefaults[] = tiers.map((t) => ({
    id: t.id,
    rank: String(t.rank),
    nameRu: t.nameRu,
    nameEn: t.nameEn,
    dealerGroup: t.benefits.dealerGroup ?? '',
    dealProtectionDays: t.benefits.dealProtectionDays?.toString() ?? '',
    rebateBonus: t.benefits.rebateBonusBp === undefined ? '' : String(t.benefits.rebateBonusBp / 100),
    dealBonus: t.benefits.dealBonusBp === undefined ? '' : String(t.benefits.dealBonusBp / 100),
    perksRu: (t.benefits.perks ?? []).map((p) => p.ru).join('\n'),
    perksEn: (t.benefits.perks ?? []).map((p) => p.en).join('\n'),
    criteria: t.criteria.map((c) => ({ kind: c.kind, op: c.op, threshold: thresholdText(c.kind, c.threshold), categoryIds: c.categoryIds ?? [] })),
  }))
  return {
    revision: revisionOf(tiers),
    tiers: defaults,
    /** Tier ids that may be removed (when they are on top): no holder and no history. */
    removable: tiers.filter((t) => !usage.get(t.id)?.held && !usage.get(t.id)?.inHistory).map((t) => t.id),
    held: Object.fromEntries(tiers.map((t) => [t.id, usage.get(t.id)?.held ?? 0])),
    groups: [...groups].map((g) => ({ value: g, label: dealerGroupName(locale, g) })).sort((a, b) => a.label.localeCompare(b.label, locale)),
    categories: categories.map((c) => ({ value: c.id, label: locale === 'ru' ? c.nameRu : c.nameEn })),
  }
}

export type TierEditResult =
  { ok: true; changed: boolean } | { ok: false; status: 400 | 404 | 409; formErrors?: string[]; fieldErrors?: Record<string, string[]> }

/** A code for a new tier from its English name ("Platinum" → "platinum"), unique in the programme. */
function newCode(tier: TierEdit, taken: Set<string>): string {
  const base =
    tier.nameEn
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || `tier-${tier.rank}`
  let code = base
  for (let n = 2; taken.has(code); n++) code = `${base}-${n}`
  taken.add(code)
  return code
}

const sameJson = (a: unknown, b: unknown) => stableJson(a) === stableJson(b)

/**
 * Saves the programme's ladder as the editor submitted it (already checked by the schema's `tierFormIssues`).
 * Refused, with nothing changed: another revision (409), a tier id not of this programme, a changed rank (reorder is
 * not offered), a removed tier below a kept one, a removed tier someone holds or the history names, a dealer group or
 * a category that does not exist. Staff only (an any scope).
 */
export async function saveProgrammeTiers(input: {
  scope: AnyScope
  actor: Actor
  programmeId: string
  revision: string
  tiers: readonly TierEdit[]
  locale: Locale
}): Promise<TierEditResult> {
  // Reference data first: PGlite has one connection, a read outside the transaction would wait for it.
  const { categories } = await productFormOptions()
  const categoryIds = new Set(categories.map((c) => c.id))
  const listedGroups = await listedDealerGroups(input.scope)
  return db.transaction(async (tx): Promise<TierEditResult> => {
    // The programme row is the ladder's lock: concurrent saves queue here and the second sees a new revision.
    const [programme] = await tx.select().from(partnerProgrammes).where(eq(partnerProgrammes.id, input.programmeId)).for('update')
    if (!programme) return { ok: false, status: 404 }
    const stored = await tx.select().from(programmeTiers).where(eq(programmeTiers.programmeId, programme.id)).orderBy(asc(programmeTiers.rank))
    if (revisionOf(stored) !== input.revision) return { ok: false, status: 409, formErrors: ['tierEditor.error.stale'] }
    const byId = new Map(stored.map((t) => [t.id, t]))
    const refuse = (formErrors: string[], fieldErrors?: Record<string, string[]>): TierEditResult => ({
      ok: false,
      status: 400,
      formErrors,
      fieldErrors,
    })

    const kept = input.tiers.filter((t) => t.id !== null)
    const keptIds = new Set(kept.map((t) => t.id!))
    if (keptIds.size !== kept.length || kept.some((t) => !byId.has(t.id!))) return refuse(['tierEditor.error.unknownTier'])
    if (!input.tiers.length || input.tiers.some((t, i) => t.rank !== i + 1)) return refuse(['tierEditor.error.ranks'])
    if (kept.some((t) => byId.get(t.id!)!.rank !== t.rank)) return refuse(['tierEditor.error.noReorder'])
    const removed = stored.filter((t) => !keptIds.has(t.id))
    const topKept = Math.max(0, ...kept.map((t) => t.rank))
    if (removed.some((t) => t.rank < topKept)) return refuse(['tierEditor.error.removeTopOnly'])
    if (removed.length) {
      const usage = await tierUsage(tx, programme.id)
      const name = (t: StoredTier) => (input.locale === 'ru' ? t.nameRu : t.nameEn)
      const held = removed.filter((t) => usage.get(t.id)?.held)
      if (held.length) return refuse(held.map((t) => `tierEditor.error.tierHeld|text:${name(t)}`))
      const inHistory = removed.filter((t) => usage.get(t.id)?.inHistory)
      if (inHistory.length) return refuse(inHistory.map((t) => `tierEditor.error.tierInHistory|text:${name(t)}`))
    }

    const groups = withTierGroups(listedGroups, stored)
    const fieldErrors: Record<string, string[]> = {}
    input.tiers.forEach((t, i) => {
      if (t.benefits.dealerGroup !== null && !groups.has(t.benefits.dealerGroup)) fieldErrors[`tiers[${i}].dealerGroup`] = ['errors.chooseOne']
      t.criteria.forEach((c, j) => {
        if (c.categoryIds?.some((id) => !categoryIds.has(id))) fieldErrors[`tiers[${i}].criteria[${j}].categoryIds`] = ['errors.chooseOne']
      })
    })
    if (Object.keys(fieldErrors).length) return refuse([], fieldErrors)

    // What changed, for the audit entry: codes of tiers added, removed, renamed, with new criteria or benefits.
    const summary = {
      added: [] as string[],
      removed: removed.map((t) => t.code),
      renamed: [] as string[],
      criteria: [] as string[],
      benefits: [] as string[],
    }
    const groupChanged: { tierId: string; dealerGroup: string | null }[] = []
    if (removed.length)
      await tx.delete(programmeTiers).where(
        and(
          eq(programmeTiers.programmeId, programme.id),
          inArray(
            programmeTiers.id,
            removed.map((t) => t.id),
          ),
        ),
      )
    const codes = new Set(stored.filter((t) => keptIds.has(t.id)).map((t) => t.code))
    for (const t of input.tiers) {
      const values = { nameRu: t.nameRu, nameEn: t.nameEn, criteria: t.criteria, benefits: t.benefits satisfies TierBenefits }
      if (t.id === null) {
        const code = newCode(t, codes)
        await tx.insert(programmeTiers).values({ programmeId: programme.id, rank: t.rank, code, ...values })
        summary.added.push(code)
        continue
      }
      const before = byId.get(t.id)!
      const renamed = before.nameRu !== t.nameRu || before.nameEn !== t.nameEn
      const criteria = !sameJson(before.criteria, t.criteria)
      const benefits = !sameJson(before.benefits, t.benefits)
      if (!renamed && !criteria && !benefits) continue
      if (renamed) summary.renamed.push(before.code)
      if (criteria) summary.criteria.push(before.code)
      if (benefits) summary.benefits.push(before.code)
      if ((before.benefits.dealerGroup ?? null) !== t.benefits.dealerGroup) groupChanged.push({ tierId: t.id, dealerGroup: t.benefits.dealerGroup })
      await tx
        .update(programmeTiers)
        .set(values)
        .where(and(eq(programmeTiers.id, t.id), eq(programmeTiers.programmeId, programme.id)))
    }
    const changed = Object.values(summary).some((list) => list.length > 0)
    if (!changed) return { ok: true, changed: false }

    // The tier's benefit is its price group: its holders get the new one from today (or after the lag), as if promoted.
    if (groupChanged.length) {
      const { today } = await businessClock(tx)
      const effectiveFrom = effectiveFromFor('promoted', today, programme.effectiveLagDays)
      for (const g of groupChanged) {
        const holders = await tx
          .select({ orgId: programmeMembers.orgId })
          .from(programmeMembers)
          .where(
            and(
              eq(programmeMembers.programmeId, programme.id),
              or(
                eq(programmeMembers.overrideTierId, g.tierId),
                and(sql`${programmeMembers.overrideTierId} is null`, eq(programmeMembers.tierId, g.tierId)),
              ),
            ),
          )
        await scheduleDealerGroups(
          tx,
          holders.map((h) => ({ orgId: h.orgId, dealerGroup: g.dealerGroup, effectiveFrom, source: `tier-benefits:${g.tierId}` })),
        )
      }
    }

    const snapshot = (tiers: readonly Pick<StoredTier, 'rank' | 'nameRu' | 'nameEn' | 'criteria' | 'benefits'>[]) =>
      tiers.map((t) => ({ rank: t.rank, nameRu: t.nameRu, nameEn: t.nameEn, criteria: t.criteria, benefits: t.benefits }))
    await writeAudit(tx, input.actor, {
      action: 'programme.tiers_changed',
      entity: 'partner_programme',
      entityId: programme.id,
      details: { ...summary, before: snapshot(stored), after: snapshot(input.tiers) },
    })
    return { ok: true, changed: true }
  })
}
