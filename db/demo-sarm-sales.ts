import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { importPosFile } from '../app/modules/sarm/pos-import.server'
import { reportSale, searchDeliveredProducts } from '../app/modules/sarm/sale-reports.server'
import { businessClock } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { memberships, organisations, posImports, shopAssistants, shops, users } from './schema'

// Shop assistants demo, part "sales" (issue 14), on top of the base demo's shops, assistants and deliveries
// (db/demo-sarm.ts): two sales waiting for the shop manager, one with a receipt photo, and a POS import whose
// report shows one refused line. Made through the module's own functions. Seeds only when the dealer has no POS
// import yet; returns whether it seeded.

/** A 1×1 PNG: a real image, so the receipt page shows it. */
const RECEIPT_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

export async function seedDemoSarmSalesIfEmpty(db: Db, dealerShortName = 'Вектор'): Promise<boolean> {
  const [dealer] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.shortName, dealerShortName)).limit(1)
  if (!dealer) return false
  const [done] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(posImports)
    .where(eq(posImports.orgId, dealer.id))
  if (done.n > 0) return false
  const [seller] = await db
    .select({
      rosterId: shopAssistants.id,
      userId: shopAssistants.userId,
      shopId: shopAssistants.shopId,
      posCode: shopAssistants.posCode,
      email: users.email,
      startsOn: shopAssistants.startsOn,
    })
    .from(shopAssistants)
    .innerJoin(shops, eq(shops.id, shopAssistants.shopId))
    .innerJoin(users, eq(users.id, shopAssistants.userId))
    .where(and(eq(shopAssistants.orgId, dealer.id), eq(shopAssistants.status, 'active'), isNull(shopAssistants.endsOn)))
    .orderBy(asc(shops.code), asc(users.email))
    .limit(1)
  const [admin] = await db
    .select({ id: users.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, dealer.id), eq(memberships.role, 'dealer_admin')))
    .limit(1)
  if (!seller || !admin) return false
  const scope = grantScope('create:sale_report:own', dealer.id)
  const product = (await searchDeliveredProducts({ scope, q: '' })).find((p) => !p.bySerial)
  if (!product) return false
  const { today } = await businessClock(db)
  const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)
  const day = (n: number) => (daysAgo(n) < seller.startsOn ? seller.startsOn : daysAgo(n))
  const actor = { userId: seller.userId, email: seller.email, ip: null }
  for (const [n, qty, photo] of [
    [1, 1, true],
    [2, 2, false],
  ] as const)
    await reportSale({
      scope,
      actor,
      userId: seller.userId,
      input: { shopId: seller.shopId, productId: product.id, qty, serial: null, soldOn: day(n), receiptNo: `DEMO-${n}` },
      photo: photo ? { mime: 'image/png', bytes: RECEIPT_PNG } : null,
    })
  // The POS export names the seller by its POS code.
  const posCode = seller.posCode ?? 'DEMO-POS-1'
  if (!seller.posCode) await db.update(shopAssistants).set({ posCode }).where(eq(shopAssistants.id, seller.rosterId))
  const csv = [
    'дата;чек;продавец;артикул;количество;цена',
    `${day(3)};POS-DEMO-1;${posCode};${product.sku};2;1 990,00`,
    `${day(3)};POS-DEMO-2;${posCode};${product.sku};1;1 990,00`,
    // Refused in the report: the dealer never received this product.
    `${day(3)};POS-DEMO-3;${posCode};NO-SUCH-SKU;1;990,00`,
  ].join('\n')
  await importPosFile({
    scope: grantScope('manage:sarm:org', dealer.id),
    actor: { userId: admin.id, email: admin.email, ip: null },
    fileName: 'kassa-demo.csv',
    bytes: new TextEncoder().encode(csv),
  })
  return true
}
