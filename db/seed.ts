import { sql } from 'drizzle-orm'
import { pathToFileURL } from 'node:url'
import { addMembership, createOrganisation, createUser } from '../tests/factories'
import { withInnCheckDigits } from '../app/modules/tenancy/tax-ids'
import type { Db } from './client.server'
import { seedDemoCatalogIfEmpty } from './demo-catalog'
import { seedDemoTendersIfEmpty } from './demo-tenders'
import { DEMO_PASSWORD, demoLogins, demoOrgs } from './demo-data'
import { organisations } from './schema'

/** Seeds the demo world in one transaction; returns false and does nothing if any organisation exists. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Serialises concurrent seeders (two `db:seed` runs against one server): the second sees the data.
    await tx.execute(sql`select pg_advisory_xact_lock(4242001)`)
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(organisations)
    if (n > 0) return false
    const ids = new Map<string, string>()
    for (const o of demoOrgs) {
      const org = await createOrganisation(tx, {
        kind: o.kind,
        shortName: o.shortName,
        legalName: o.legalName,
        country: o.country,
        inn: o.innBase ? withInnCheckDigits(o.innBase) : null,
        kpp: o.kpp ?? null,
        vatId: o.vatId ?? null,
        legalAddress: o.legalAddress,
        verificationStatus: o.verificationStatus,
      })
      ids.set(o.key, org.id)
    }
    const people = new Map<string, string>()
    for (const l of demoLogins) {
      const user = await createUser(tx, { email: l.email, displayName: l.displayName, locale: l.locale, password: DEMO_PASSWORD })
      people.set(l.email, user.id)
      for (const m of l.memberships) {
        const invitation = m.invitedBy ? { acceptedAt: null, invitedBy: people.get(m.invitedBy)!, invitedName: l.displayName } : {}
        await addMembership(tx, { userId: user.id, orgId: ids.get(m.org)!, role: m.role, ...invitation })
      }
    }
    return true
  })
}

// `npm run db:seed`: against DATABASE_URL (after `npm run db:migrate`) or the embedded folder.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { database } = await import('./client.server')
  if (database.kind === 'pglite') await database.migrate()
  const seeded = await seedDemoIfEmpty(database.db)
  if (await seedDemoCatalogIfEmpty(database.db)) console.log('Demo catalog seeded.')
  if (await seedDemoTendersIfEmpty(database.db)) console.log('Demo tenders seeded: one finished, one going live in 3 minutes, one later this week.')
  // After the people and the catalog: demo orders are placed and handled through the ordering module itself.
  const { seedDemoOrdersIfEmpty } = await import('./demo-orders')
  if (await seedDemoOrdersIfEmpty(database.db))
    console.log('Demo orders seeded: waiting, partly confirmed, shipped in two parts, delivered, cancelled.')
  const { seedDemoImportsIfEmpty } = await import('./demo-imports')
  if (await seedDemoImportsIfEmpty()) console.log('Demo catalog import seeded: one applied products import.')
  const { seedDemoEdiIfEmpty, DEMO_API_KEY } = await import('./demo-edi')
  if (await seedDemoEdiIfEmpty(database.db)) console.log(`Demo EDI seeded for the key account; its local demo API key: ${DEMO_API_KEY}`)
  const { seedDemoPrmIfEmpty } = await import('./demo-prm')
  if (await seedDemoPrmIfEmpty(database.db))
    console.log('Demo partner programme seeded: tiers, applications, deals, a stepped rebate and a payout batch to approve.')
  const { seedDemoSarmIfEmpty } = await import('./demo-sarm')
  if (await seedDemoSarmIfEmpty(database.db)) console.log('Demo shop assistants seeded: shops, assistants and their sales.')
  const { seedDemoCrmIfEmpty } = await import('./demo-crm')
  if (await seedDemoCrmIfEmpty(database.db)) console.log('Demo CRM seeded: two years of order history, contacts, segments, forecasts, a survey wave.')
  // `npm run db:seed -- --scale=large`: the benchmark catalog (100,000 SKUs, 500 price lists, 200 dealers) on top.
  if (process.argv.includes('--scale=large')) {
    const { seedLargeCatalog } = await import('./seed-large')
    const started = Date.now()
    await seedLargeCatalog(database.db, { onProgress: (msg) => console.log(`  ${msg}`), analyze: () => database.analyze() })
    console.log(`Large catalog seeded in ${Math.round((Date.now() - started) / 1000)} s.`)
  }
  console.log(seeded ? 'Demo data seeded. Password for every demo login: ' + DEMO_PASSWORD : 'The database already has data; nothing seeded.')
  for (const l of demoLogins)
    console.log(`  ${l.email.padEnd(32)} ${l.memberships.map((m) => (m.invitedBy ? `(invited: ${m.role})` : m.role)).join(', ')}`)
  await database.close()
}
