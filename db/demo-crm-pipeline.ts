import { eq, inArray, sql } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { emailKey, phoneKey } from '../app/modules/crm/contact-keys'
import { LeadSchema } from '../app/modules/crm/lead-schemas'
import { backfillLeads, createManualLead, moveLead, saveRegionOwner } from '../app/modules/crm/leads.server'
import type { RegionCode } from '../app/modules/prm/application-schemas'
import type { Db } from './client.server'
import { organisations, users } from './schema'
import { crmContacts } from './schema/crm'

// CRM demo, part "pipeline" (issue 15): region owners, leads from the demo's partner applications and deals, and a
// dozen leads entered by hand spread over the stages (some won, some lost with a reason), so the board and the
// sales-cycle report have figures on a fresh start.
export async function seedDemoCrmPipeline(db: Db): Promise<void> {
  const staff = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ['sales@technosnab.demo', 'partners@technosnab.demo']))
  const sales = staff.find((s) => s.email === 'sales@technosnab.demo')
  const partners = staff.find((s) => s.email === 'partners@technosnab.demo')
  if (!sales || !partners) return
  const scope = grantScope('manage:crm:any', null)
  const actor = { userId: sales.id, email: sales.email, ip: null }
  for (const [region, owner] of [
    ['RU-MOW', sales.id],
    ['RU-SPE', sales.id],
    ['RU-KDA', sales.id],
    ['RU-NVS', partners.id],
    ['RU-SVE', partners.id],
    ['RU-TA', partners.id],
  ] as const)
    await saveRegionOwner({ scope, actor, region, ownerId: owner })
  await backfillLeads(db, actor)
  // The partner programme's demo submitted its applications and deals (each becoming a lead) before the CRM demo
  // named region owners: give those leads their region's owner, as they would have had in that order of events.
  await db.execute(sql`
    update crm_leads l set owner_id = r.owner_id, assigned_by = 'region'
    from crm_region_owners r where r.region = l.region and l.owner_id is null`)
  const plan: [string, RegionCode, number, string[], string | null][] = [
    ['ЭлектроМонтаж-Юг', 'RU-KDA', 1_200_000, ['qualified', 'proposal', 'negotiation', 'won'], null],
    ['СветПро', 'RU-MOW', 800_000, ['qualified', 'proposal', 'lost'], 'Цена выше, чем у конкурента'],
    ['Кабель-Центр', 'RU-NVS', 2_500_000, ['qualified', 'proposal', 'negotiation'], null],
    ['Энергосбыт-Казань', 'RU-TA', 600_000, ['qualified'], null],
    ['Уралэлектро', 'RU-SVE', 1_500_000, ['qualified', 'proposal', 'negotiation', 'won'], null],
    ['Северный Свет', 'RU-SPE', 400_000, ['lost'], 'Нет потребности в этом году'],
    ['ТокМаркет', 'RU-MOW', 950_000, ['qualified', 'proposal'], null],
    ['ЭлектроОпт Самара', 'RU-SAM', 700_000, ['qualified', 'lost'], 'Цена выше, чем у конкурента'],
    ['Прожектор', 'RU-MOW', 300_000, [], null],
    ['ВольтСнаб', 'RU-KDA', 1_100_000, ['qualified', 'proposal', 'negotiation', 'lost'], 'Выбрали другого поставщика'],
    ['Люкс-Электро', 'RU-SPE', 2_000_000, ['qualified', 'proposal', 'negotiation', 'won'], null],
    ['Сибирский кабель', 'RU-NVS', 500_000, ['qualified', 'proposal'], null],
  ]
  for (const [companyName, region, rub, moves, reason] of plan) {
    const input = LeadSchema.parse({ companyName, region, contactName: 'Директор', expectedRub: String(rub) })
    const created = await createManualLead({ scope, actor, input })
    if (!created.ok) continue
    for (const stageCode of moves) await moveLead({ scope, actor, leadId: created.id, stageCode, lostReason: stageCode === 'lost' ? reason : null })
    // The history as it happened: the lead came in weeks ago and spent 6–15 days in each stage.
    const step = 6 + (companyName.length % 10)
    await db.execute(sql`
      update crm_lead_stage_changes c set at = now() - make_interval(days => (${step} * (x.n - x.k))::int)
      from (select id, row_number() over (order by at, id) - 1 as k, count(*) over () as n from crm_lead_stage_changes where lead_id = ${created.id}::uuid) x
      where c.id = x.id`)
    await db.execute(sql`
      update crm_leads set created_at = now() - make_interval(days => ${step * (moves.length + 1)}::int),
        stage_changed_at = coalesce((select max(at) from crm_lead_stage_changes where lead_id = ${created.id}::uuid), created_at),
        closed_at = case when closed_at is not null then (select max(at) from crm_lead_stage_changes where lead_id = ${created.id}::uuid) end
      where id = ${created.id}::uuid`)
  }
}

/**
 * Duplicates for the duplicates page (issue 15 "Data integrity"), seeded last so no segment, forecast or survey
 * counts them: Альфа-Дилер's director entered a second time from a call ("Альфин Алексей", the same phone written
 * another way), and Вектор registered again as "Вектор СПб" with the same legal name and its director's phone.
 */
export async function seedDemoCrmDuplicates(db: Db): Promise<void> {
  const [sales] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'sales@technosnab.demo'))
  const orgs = await db
    .select({ id: organisations.id, shortName: organisations.shortName, legalName: organisations.legalName, region: organisations.region })
    .from(organisations)
    .where(inArray(organisations.shortName, ['Альфа-Дилер', 'Вектор']))
  const alfa = orgs.find((o) => o.shortName === 'Альфа-Дилер')
  const vector = orgs.find((o) => o.shortName === 'Вектор')
  if (!sales || !alfa || !vector) return
  const person = (orgId: string, fullName: string, phone: string, email: string | null) => ({
    orgId,
    fullName,
    position: 'директор',
    phone,
    phoneKey: phoneKey(phone),
    email,
    emailKey: email ? emailKey(email) : null,
    createdBy: sales.id,
    updatedBy: sales.id,
  })
  const [twin] = await db
    .insert(organisations)
    .values({ kind: 'dealer', shortName: 'Вектор СПб', legalName: vector.legalName, region: vector.region, verificationStatus: 'verified' })
    .returning({ id: organisations.id })
  await db
    .insert(crmContacts)
    .values([
      person(alfa.id, 'Альфин Алексей', '8 (383) 555-02-01', null),
      person(twin.id, 'Виктор Векторов', '+7 812 555-01-01', 'director@vector-spb.demo'),
    ])
}
