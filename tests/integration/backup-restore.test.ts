import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { asc, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { database as testDatabase } from '../../db/client.server'
import { backupDatabase, BackupError, restoreDatabase, type Target } from '../../db/backup.server'
import { newPglite, openPglite, openPostgres, rowsOf, type Database, type Db } from '../../db/drivers.server'
import { auditLog, bids, orders } from '../../db/schema'
import {
  createCategory,
  createMember,
  createOrder,
  createOrganisation,
  createProduct,
  createTaxClass,
  createTender,
  createWarehouse,
} from '../factories'
import { withDatabase } from '../setup/global-database'

// `npm run db:backup` / `db:restore` (db/backup.server.ts) in the mode this run uses: orders, bids and audit
// entries in, a backup, a restore into a fresh database (PostgreSQL: a new database; PGlite: a new folder), and
// the same ids out, with row-level security restored with them.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-backup-test-'))
const cleanups: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {})
  fs.rmSync(tmp, { recursive: true, force: true })
})

async function seed(db: Db) {
  const warehouse = await createWarehouse(db)
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: (await createTaxClass(db)).id })
  const dealer = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, dealer, 'dealer_buyer')
  for (let i = 0; i < 3; i++)
    await createOrder(db, {
      orgId: dealer.id,
      placedBy: buyer.id,
      warehouseId: warehouse.id,
      items: [{ productId: product.id, sku: product.sku, qty: i + 1, unitPriceMinor: 100 }],
    })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const supplier = await createOrganisation(db, { kind: 'supplier', verificationStatus: 'verified' })
  const tender = await createTender(db, { buyerOrgId: operator.id, suppliers: [supplier.id] })
  for (let seq = 1; seq <= 2; seq++)
    await db.insert(bids).values({
      lotId: tender.lots[0].id,
      supplierOrgId: supplier.id,
      priceMinor: 1000 - seq,
      seq,
      receivedAt: sql`now()`,
      clientBidId: `c-${seq}`,
      prevHash: `h${seq - 1}`,
      hash: `h${seq}`,
    })
  await db.insert(auditLog).values([
    { action: 'auth.login', entity: 'session', orgId: dealer.id },
    { action: 'auth.logout', entity: 'session', orgId: null },
  ])
}

async function contents(db: Db) {
  return {
    orders: (await db.select({ id: orders.id }).from(orders).orderBy(asc(orders.id))).map((r) => r.id),
    bids: (await db.select({ id: bids.id }).from(bids).orderBy(asc(bids.id))).map((r) => r.id),
    audit: (await db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id))).map((r) => r.id),
  }
}

const rlsOn = async (db: Db) =>
  rowsOf<{ forced: boolean }>(await db.execute(sql`select relforcerowsecurity as forced from pg_class where relname = 'orders'`))[0]?.forced

describe(`backup and restore (${testDatabase.kind})`, () => {
  it('restores every order, bid and audit entry into a fresh database', async () => {
    let source: Database
    let sourceTarget: Target
    let restoredTarget: Target
    let openRestored: () => Database
    if (testDatabase.kind === 'postgres') {
      // This test file's own database, and a new one beside it for the restore.
      const [{ name }] = rowsOf<{ name: string }>(await testDatabase.db.execute(sql`select current_database() as name`))
      const templateUrl = inject('pgTemplateUrl')
      source = testDatabase
      sourceTarget = { url: withDatabase(templateUrl, name) }
      const restoredName = `${name}_restored`
      const admin = postgres(withDatabase(templateUrl, 'postgres'), { max: 1, onnotice: () => {} })
      await admin.unsafe(`CREATE DATABASE ${restoredName}`)
      cleanups.push(async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`)
        await admin.end()
      })
      restoredTarget = { url: withDatabase(templateUrl, restoredName) }
      openRestored = () => openPostgres(withDatabase(templateUrl, restoredName), { max: 2 })
    } else {
      // The embedded database lives in a folder: a migrated one, seeded, closed (as the server would be).
      const dir = path.join(tmp, 'source')
      source = openPglite(newPglite(dir))
      await source.migrate()
      sourceTarget = { dataDir: dir }
      restoredTarget = { dataDir: path.join(tmp, 'restored') }
      openRestored = () => openPglite(newPglite(path.join(tmp, 'restored')))
    }
    await seed(source.db)
    const before = await contents(source.db)
    expect(before.orders.length).toBeGreaterThanOrEqual(3)
    expect(before.bids.length).toBeGreaterThanOrEqual(2)
    expect(before.audit.length).toBeGreaterThanOrEqual(2)
    if (source !== testDatabase) await source.close()

    const file = path.join(tmp, testDatabase.kind === 'postgres' ? 'portal.dump' : 'portal.tar.gz')
    await backupDatabase(sourceTarget, file)
    expect(fs.statSync(file).size).toBeGreaterThan(0)
    await restoreDatabase(restoredTarget, file)

    const restored = openRestored()
    cleanups.push(() => restored.close())
    expect(await contents(restored.db)).toEqual(before)
    // The policies come back with the rows, and the restored copy is still read through the app's role.
    expect(await rlsOn(restored.db)).toBe(true)
    const [me] = rowsOf<{ role: string }>(await restored.db.execute(sql`select current_user as role`))
    expect(me.role).toBe('portal_app')
    // A second restore over it is refused: never over live data.
    await expect(restoreDatabase(restoredTarget, file)).rejects.toBeInstanceOf(BackupError)
  }, 120_000)
})
