import { sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import type { AnyScope } from '../auth/scope.server'

// Duplicate candidates (issue 15 "Data integrity"): found by the database, merged only by a person. Contacts: the
// same phone (last ten digits) or e-mail anywhere, or names alike (pg_trgm similarity > 0.6) within one
// organisation. Organisations: a lead carrying an organisation's INN (organisations.inn is unique, so two
// organisations never share one), a contact phone or e-mail shared across organisations, or short/legal names alike.

export const SIMILARITY = 0.6
const LIMIT = 200

export type ContactPair = {
  aId: string
  aName: string
  aOrg: string
  bId: string
  bName: string
  bOrg: string
  reason: 'phone' | 'email' | 'name'
  /** The shared phone or e-mail, or the names' similarity in per cent. */
  detail: string
}

export async function findDuplicateContacts(_: { scope: AnyScope }) {
  return rowsOf<ContactPair>(
    await db.execute(sql`
      select a.id as "aId", a.full_name as "aName", oa.short_name as "aOrg", b.id as "bId", b.full_name as "bName",
        ob.short_name as "bOrg",
        case when a.phone_key = b.phone_key then 'phone' when a.email_key = b.email_key then 'email' else 'name' end as reason,
        case when a.phone_key = b.phone_key then coalesce(a.phone, a.phone_key)
          when a.email_key = b.email_key then a.email
          else round((similarity(a.full_name, b.full_name) * 100)::numeric)::text end as detail
      from crm_contacts a join crm_contacts b on a.id < b.id and (a.phone_key = b.phone_key or a.email_key = b.email_key
          or (a.org_id = b.org_id and similarity(a.full_name, b.full_name) > ${SIMILARITY}))
        join organisations oa on oa.id = a.org_id join organisations ob on ob.id = b.org_id
      order by a.full_name, b.full_name limit ${LIMIT}`),
  )
}

export type OrgPair = {
  kind: 'lead_inn' | 'contact_phone' | 'contact_email' | 'name'
  aId: string
  aName: string
  /** The other organisation, or for `lead_inn` the lead. */
  bId: string
  bName: string
  detail: string
}

export async function findDuplicateOrganisations(_: { scope: AnyScope }) {
  return rowsOf<OrgPair>(
    await db.execute(sql`
      select 'lead_inn' as kind, o.id as "aId", o.short_name as "aName", l.id as "bId", l.company_name as "bName", o.inn as detail
      from crm_leads l join organisations o on o.inn = l.inn
      where (l.org_id is null or l.org_id <> o.id) and o.disabled_at is null
      union all
      select distinct on (a.org_id, b.org_id) case when a.phone_key = b.phone_key then 'contact_phone' else 'contact_email' end,
        oa.id, oa.short_name, ob.id, ob.short_name,
        case when a.phone_key = b.phone_key then coalesce(a.phone, a.phone_key) else a.email end
      from crm_contacts a join crm_contacts b on a.org_id < b.org_id and (a.phone_key = b.phone_key or a.email_key = b.email_key)
        join organisations oa on oa.id = a.org_id and oa.disabled_at is null
        join organisations ob on ob.id = b.org_id and ob.disabled_at is null
      union all
      select 'name', a.id, a.short_name, b.id, b.short_name,
        round((greatest(similarity(a.short_name, b.short_name), similarity(a.legal_name, b.legal_name)) * 100)::numeric)::text
      from organisations a join organisations b on a.id < b.id
      where a.kind <> 'operator' and a.disabled_at is null and b.kind <> 'operator' and b.disabled_at is null
        and (similarity(a.short_name, b.short_name) > ${SIMILARITY} or similarity(a.legal_name, b.legal_name) > ${SIMILARITY})
      limit ${LIMIT}`),
  )
}

/** Past merges, newest first, with who did them. */
export async function listMerges(_: { scope: AnyScope }) {
  return rowsOf<{
    id: string
    kind: string
    keptId: string
    mergedId: string
    mergedName: string | null
    moved: Record<string, number>
    actor: string
    at: string
  }>(
    await db.execute(sql`
      select m.id, m.kind, m.kept_id as "keptId", m.merged_id as "mergedId",
        coalesce(m.merged_record->>'fullName', m.merged_record->>'full_name', m.merged_record->>'short_name') as "mergedName",
        m.moved, u.display_name as actor, m.at::text as at
      from crm_merges m join users u on u.id = m.actor_id order by m.at desc limit 100`),
  )
}

export type OrgPairGroup = { aId: string; aName: string; bId: string; bName: string; reasons: { kind: OrgPair['kind']; detail: string }[] }

/**
 * What the duplicates page lists: contact pairs; organisation pairs with every reason they match (one row a pair);
 * leads carrying an existing organisation's INN (linked, not merged: a lead is not an organisation). Sorted by the
 * first record's name or by the reason.
 */
export async function listDuplicates({ scope, sort, dir }: { scope: AnyScope; sort: 'name' | 'reason'; dir: 'asc' | 'desc' }) {
  const [contacts, orgRows] = await Promise.all([findDuplicateContacts({ scope }), findDuplicateOrganisations({ scope })])
  const organisations = new Map<string, OrgPairGroup>()
  for (const r of orgRows) {
    if (r.kind === 'lead_inn') continue
    const key = `${r.aId}|${r.bId}`
    const group = organisations.get(key) ?? { aId: r.aId, aName: r.aName, bId: r.bId, bName: r.bName, reasons: [] }
    group.reasons.push({ kind: r.kind, detail: r.detail })
    organisations.set(key, group)
  }
  const sign = dir === 'desc' ? -1 : 1
  const byName = (a: { aName: string; bName: string }, b: { aName: string; bName: string }) =>
    a.aName.localeCompare(b.aName, 'ru') || a.bName.localeCompare(b.bName, 'ru')
  const contactOrder = (a: ContactPair, b: ContactPair) =>
    sign * (sort === 'reason' ? a.reason.localeCompare(b.reason) || byName(a, b) : byName(a, b))
  const orgOrder = (a: OrgPairGroup, b: OrgPairGroup) =>
    sign * (sort === 'reason' ? a.reasons[0].kind.localeCompare(b.reasons[0].kind) || byName(a, b) : byName(a, b))
  return {
    contacts: contacts.sort(contactOrder),
    organisations: [...organisations.values()].sort(orgOrder),
    leads: orgRows.filter((r) => r.kind === 'lead_inn'),
  }
}
