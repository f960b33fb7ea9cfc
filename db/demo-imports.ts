import { count, eq, inArray } from 'drizzle-orm'
import { previewImport, startApply } from '../app/modules/catalog/mutations.server'
import { toCsv } from '../app/utils/csv'
import { db } from './client.server'
import { catalogImports, products, users } from './schema'

// The demo's import history: one applied products import, as the sales manager would have run it, so the import
// page has a record to open (its change list, field by field, and the past-tense summary). It goes through the
// import module itself, preview then apply, on the process's database, after the catalog is seeded.

const SKUS = ['LUM-0201', 'LUM-0202', 'LUM-0203', 'LUM-0204']
const STAFF = 'sales@technosnab.demo'

export async function seedDemoImportsIfEmpty(): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(catalogImports)
  if (n > 0) return false
  const rows = await db
    .select({ sku: products.sku, descriptionRu: products.descriptionRu, descriptionEn: products.descriptionEn })
    .from(products)
    .where(inArray(products.sku, SKUS))
    .orderBy(products.sku)
  const [staff] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, STAFF))
  if (rows.length < SKUS.length || !staff) return false
  // A Russian-dialect file, as a Russian Excel saves it: three floodlights get a fuller description, the fourth
  // line repeats what the catalog says and counts as unchanged.
  const file = toCsv(
    ['артикул', 'описание', 'description_en'],
    rows.map((r, i) =>
      i < 3
        ? [r.sku, `${r.descriptionRu} Корпус из алюминия, угол освещения 120°.`, `${r.descriptionEn} Aluminium housing, 120° beam angle.`]
        : [r.sku, r.descriptionRu, r.descriptionEn],
    ),
    'ru',
  )
  const actor = { userId: staff.id, email: staff.email, ip: null }
  const preview = await previewImport(actor, 'products', 'описания-прожекторов.csv', new TextEncoder().encode(file))
  if (!preview.ok) return false
  const started = await startApply(actor, preview.id)
  await started?.done
  return true
}
