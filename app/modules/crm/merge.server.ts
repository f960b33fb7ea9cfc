import { eq, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { crmContacts, crmMerges } from '../../../db/schema/crm'
import { organisations } from '../../../db/schema/tenancy'
import type { Actor } from '../audit/mutations.server'
import { writeAudit } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'

// Merging duplicates (issue 15 "Data integrity"): a person chooses which record to keep; every reference to the
// other moves to it, what it was is stored in crm_merges with the counts per table.column, audited, one transaction.

export type MergeResult = { ok: true; moved: Record<string, number> } | { ok: false; status: 400 | 404 | 409; error: string }

class Refused extends Error {
  constructor(readonly result: Extract<MergeResult, { ok: false }>) {
    super(result.error)
  }
}

/** Every single-column foreign key that references `table`(id), read from the catalog (a future table is covered). */
export async function referencingColumns(tx: Tx | typeof db, table: 'organisations' | 'crm_contacts') {
  return rowsOf<{ table: string; column: string }>(
    await tx.execute(sql`
      select cl.relname as "table", a.attname as "column"
      from pg_constraint c join pg_class cl on cl.oid = c.conrelid
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = ${table}::regclass and array_length(c.conkey, 1) = 1
      order by cl.relname, a.attname`),
  )
}

/** Rows still pointing at `id` through each referencing column (tests use it to prove a merge left none). */
export async function countReferences(tx: Tx | typeof db, table: 'organisations' | 'crm_contacts', id: string) {
  const out: Record<string, number> = {}
  for (const ref of await referencingColumns(tx, table)) {
    const [row] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from ${sql.identifier(ref.table)} where ${sql.identifier(ref.column)} = ${id}::uuid`),
    )
    if (row.n) out[`${ref.table}.${ref.column}`] = row.n
  }
  return out
}

/**
 * Moves each referencing row from `mergedId` to `keptId`, each table in its own savepoint so a unique collision
 * (both in one programme, the same user a member of both) or a table that refuses updates is named, not a 500.
 * Any refusal undoes the whole merge: the caller's transaction is rolled back by the thrown Refused.
 */
async function moveReferences(tx: Tx, table: 'organisations' | 'crm_contacts', keptId: string, mergedId: string, skip: ReadonlySet<string>) {
  const moved: Record<string, number> = {}
  const collisions: string[] = []
  for (const ref of await referencingColumns(tx, table)) {
    const key = `${ref.table}.${ref.column}`
    if (skip.has(key)) continue
    try {
      const n = await tx.transaction(async (sp) => {
        const rows = rowsOf<{ n: number }>(
          await sp.execute(
            sql`with m as (update ${sql.identifier(ref.table)} set ${sql.identifier(ref.column)} = ${keptId}::uuid
              where ${sql.identifier(ref.column)} = ${mergedId}::uuid returning 1) select count(*)::int as n from m`,
          ),
        )
        return rows[0].n
      })
      if (n) moved[key] = n
    } catch {
      collisions.push(key)
    }
  }
  if (collisions.length) throw new Refused({ ok: false, status: 409, error: `crm.merge.error.collision|${collisions.join(', ')}` })
  return moved
}

async function run(fn: (tx: Tx) => Promise<MergeResult>): Promise<MergeResult> {
  try {
    return await db.transaction(fn)
  } catch (e) {
    if (e instanceof Refused) return e.result
    throw e
  }
}

/** Merges contact `mergedId` into `keptId` (manage:crm:any): references move, kept's empty fields are filled. */
export async function mergeContacts({ actor, keptId, mergedId }: { scope: AnyScope; actor: Actor; keptId: string; mergedId: string }) {
  if (keptId === mergedId) return { ok: false, status: 400, error: 'crm.merge.error.self' } as const
  return run(async (tx) => {
    const rows = await tx
      .select()
      .from(crmContacts)
      .where(sql`${crmContacts.id} in (${keptId}::uuid, ${mergedId}::uuid)`)
      .for('update')
    const kept = rows.find((r) => r.id === keptId)
    const merged = rows.find((r) => r.id === mergedId)
    if (!kept || !merged) return { ok: false, status: 404, error: 'crm.merge.error.missing' }
    const moved = await moveReferences(tx, 'crm_contacts', keptId, mergedId, new Set())
    // The kept record keeps what it has; only its empty fields take the merged one's values.
    const fill: Partial<typeof crmContacts.$inferInsert> = {}
    if (!kept.position && merged.position) fill.position = merged.position
    if (!kept.phone && merged.phone) Object.assign(fill, { phone: merged.phone, phoneKey: merged.phoneKey })
    if (!kept.email && merged.email) Object.assign(fill, { email: merged.email, emailKey: merged.emailKey })
    if (!kept.consentGivenAt && merged.consentGivenAt)
      Object.assign(fill, { consentGivenAt: merged.consentGivenAt, consentWithdrawnAt: merged.consentWithdrawnAt })
    if (!kept.userId && merged.userId) fill.userId = merged.userId
    await tx.delete(crmContacts).where(eq(crmContacts.id, mergedId))
    if (Object.keys(fill).length)
      await tx
        .update(crmContacts)
        .set({ ...fill, updatedBy: actor.userId, updatedAt: sql`now()` })
        .where(eq(crmContacts.id, keptId))
    await tx
      .insert(crmMerges)
      .values({ kind: 'contact', keptId, mergedId, mergedRecord: merged as unknown as Record<string, unknown>, moved, actorId: actor.userId! })
    await writeAudit(tx, actor, {
      action: 'crm.merged',
      entity: 'crm_contact',
      entityId: keptId,
      orgId: kept.orgId,
      details: { kind: 'contact', mergedId, moved },
    })
    return { ok: true, moved }
  })
}

/**
 * Merges organisation `mergedId` into `keptId` (manage:organisation:any). Every foreign key to organisations moves,
 * found in the catalog. Two cases are resolved rather than refused: both have a crm_accounts row (the kept one's
 * stays, the merged one's is dropped and said so in `moved`), and the audit log, which is append-only by design and
 * is history: its rows keep naming the organisation they were about. That is also why the merged organisation is
 * not deleted: the audit log still references it. It is disabled and renamed "… (merged into X)", so sign-in and
 * every list leave it out while history still resolves.
 */
export async function mergeOrganisations({ actor, keptId, mergedId }: { scope: AnyScope; actor: Actor; keptId: string; mergedId: string }) {
  if (keptId === mergedId) return { ok: false, status: 400, error: 'crm.merge.error.self' } as const
  return run(async (tx) => {
    const rows = await tx
      .select()
      .from(organisations)
      .where(sql`${organisations.id} in (${keptId}::uuid, ${mergedId}::uuid)`)
      .for('update')
    const kept = rows.find((r) => r.id === keptId)
    const merged = rows.find((r) => r.id === mergedId)
    if (!kept || !merged) return { ok: false, status: 404, error: 'crm.merge.error.missing' }
    if (kept.kind === 'operator' || merged.kind === 'operator') return { ok: false, status: 400, error: 'crm.merge.error.operator' }
    if (merged.disabledAt) return { ok: false, status: 409, error: 'crm.merge.error.disabled' }
    const moved: Record<string, number> = {}
    const accounts = rowsOf<{ org_id: string }>(
      await tx.execute(sql`select org_id from crm_accounts where org_id in (${keptId}::uuid, ${mergedId}::uuid)`),
    )
    if (accounts.length === 2) {
      await tx.execute(sql`delete from crm_accounts where org_id = ${mergedId}::uuid`)
      moved['crm_accounts.org_id (dropped: the kept one has its own)'] = 1
    }
    Object.assign(moved, await moveReferences(tx, 'organisations', keptId, mergedId, new Set(['audit_log.org_id'])))
    // The unique INN moves to the kept organisation if it has none; the merged one gives it up either way.
    const inn = kept.inn ?? merged.inn
    await tx
      .update(organisations)
      .set({ inn: null, disabledAt: sql`now()`, shortName: `${merged.shortName} (merged into ${kept.shortName})`.slice(0, 300) })
      .where(eq(organisations.id, mergedId))
    if (!kept.inn && inn) await tx.update(organisations).set({ inn }).where(eq(organisations.id, keptId))
    await tx
      .insert(crmMerges)
      .values({ kind: 'organisation', keptId, mergedId, mergedRecord: merged as unknown as Record<string, unknown>, moved, actorId: actor.userId! })
    await writeAudit(tx, actor, {
      action: 'crm.merged',
      entity: 'organisation',
      entityId: keptId,
      orgId: keptId,
      details: { kind: 'organisation', mergedId, moved },
    })
    return { ok: true, moved }
  })
}
