import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { grantScope } from '../app/modules/auth/scope.server'
import { addDays } from '../app/modules/prm/deal-rules'
import { decideDeal, registerDeal, sweepExpiredDeals } from '../app/modules/prm/deals.server'
import type { DealDecision, DealInput } from '../app/modules/prm/deal-schemas'
import { businessClock } from '../app/utils/clock.server'
import { withInnCheckDigits } from '../app/modules/tenancy/tax-ids'
import type { Db } from './client.server'
import { dealRegistrations, orders, organisations, prices, products, users } from './schema'

// Partner programme demo: deals (issue 13), made through the module's own functions. Вектор has one submitted, one
// approved with a special price, one won with its delivered order, one lost and one expired; Альфа-Дилер registers
// Вектор's end customer of the approved deal, which makes the conflict the partner manager decides. Seeds only
// when the deal table is empty; returns whether it seeded.
export async function seedDemoDealsIfEmpty(db: Db): Promise<boolean> {
  const [any] = await db.select({ n: sql<number>`count(*)::int` }).from(dealRegistrations)
  if (any.n > 0) return false
  const orgs = await db
    .select({ id: organisations.id, shortName: organisations.shortName })
    .from(organisations)
    .where(inArray(organisations.shortName, ['Вектор', 'Альфа-Дилер']))
  const vector = orgs.find((o) => o.shortName === 'Вектор')
  const alfa = orgs.find((o) => o.shortName === 'Альфа-Дилер')
  const people = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, ['buyer@vector.demo', 'admin@alfa-dealer.demo', 'partners@technosnab.demo']))
  const person = (email: string) => {
    const p = people.find((u) => u.email === email)
    return p ? { userId: p.id, email: p.email, ip: null } : null
  }
  const [vectorBuyer, alfaAdmin, manager] = [person('buyer@vector.demo'), person('admin@alfa-dealer.demo'), person('partners@technosnab.demo')]
  // Priced products of the demo catalog, the first few by SKU.
  const catalog = await db
    .selectDistinct({ sku: products.sku, id: products.id, categoryId: products.categoryId })
    .from(products)
    .innerJoin(prices, eq(prices.productId, products.id))
    .where(eq(products.active, true))
    .orderBy(asc(products.sku))
    .limit(6)
  if (!vector || !alfa || !vectorBuyer || !alfaAdmin || !manager || catalog.length < 4) return false
  const { today } = await businessClock(db)
  const desk = grantScope('manage:partner_programme:any', null)
  const customer = (n: number) => withInnCheckDigits(String(540_100_000 + n).slice(0, 9))
  const deal = (o: Partial<DealInput> & { endCustomerInn: string; endCustomerName: string }): DealInput => ({
    endCustomerRegion: 'Новосибирская область',
    products: [catalog[0].sku],
    categoryIds: [],
    expectedQty: 50,
    expectedValue: 450_000_00,
    expectedCloseOn: addDays(today, 45),
    note: '',
    ...o,
  })
  const register = async (orgId: string, actor: typeof vectorBuyer, input: DealInput) => {
    const r = await registerDeal({ scope: grantScope('create:deal:org', orgId), actor, input })
    if (!r.ok) throw new Error(`demo deal refused: ${JSON.stringify(r)}`)
    return r
  }
  const decide = async (dealId: string, decision: DealDecision) => {
    const r = await decideDeal({ scope: desk, actor: manager, dealId, decision })
    if (!r.ok) throw new Error(`demo decision refused: ${JSON.stringify(r)}`)
  }

  await register(
    vector.id,
    vectorBuyer,
    deal({ endCustomerInn: customer(1), endCustomerName: 'ООО «СибСтрой»', products: [catalog[1].sku], note: 'Освещение нового склада' }),
  )
  const approved = await register(
    vector.id,
    vectorBuyer,
    deal({ endCustomerInn: customer(2), endCustomerName: 'АО «Новосибирский завод»', products: [catalog[0].sku, catalog[2].sku], expectedQty: 120 }),
  )
  const [base] = await db.select({ price: prices.unitPriceMinor }).from(prices).where(eq(prices.productId, catalog[0].id)).limit(1)
  await decide(approved.id, {
    intent: 'approve',
    protectionDays: 90,
    prices: [{ productId: catalog[0].id, price: Math.max(1_00, Math.round((base?.price ?? 100_00) * 0.85)) }],
    note: 'Спеццена на период защиты',
  })
  // Альфа-Дилер registers the same end customer and product: a conflict for the partner manager.
  await register(alfa.id, alfaAdmin, deal({ endCustomerInn: customer(2), endCustomerName: 'Новосибирский завод', products: [catalog[0].sku] }))

  const won = await register(
    vector.id,
    vectorBuyer,
    deal({ endCustomerInn: customer(3), endCustomerName: 'ООО «ТехноПарк»', products: [catalog[3].sku] }),
  )
  await decide(won.id, { intent: 'approve', protectionDays: 60, prices: [], note: '' })
  const vectorOrders = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.orgId, vector.id), eq(orders.status, 'delivered')))
    .orderBy(asc(orders.number))
    .limit(1)
  await decide(won.id, { intent: 'won', orderIds: vectorOrders.map((o) => o.id), note: 'Поставка выполнена' })

  const lost = await register(
    vector.id,
    vectorBuyer,
    deal({ endCustomerInn: customer(4), endCustomerName: 'ООО «Энергосеть»', products: [catalog[1].sku] }),
  )
  await decide(lost.id, { intent: 'approve', protectionDays: 30, prices: [], note: '' })
  await decide(lost.id, { intent: 'lost', reason: 'Заказчик выбрал другого производителя' })

  // Expired: approved earlier, its protection ended yesterday; the sweep expires it as it would at night.
  const expired = await register(
    vector.id,
    vectorBuyer,
    deal({ endCustomerInn: customer(5), endCustomerName: 'ООО «Горсвет»', products: [catalog[2].sku] }),
  )
  await decide(expired.id, { intent: 'approve', protectionDays: 30, prices: [], note: '' })
  await db
    .update(dealRegistrations)
    .set({ protectedUntil: addDays(today, -1) })
    .where(eq(dealRegistrations.id, expired.id))
  await sweepExpiredDeals()
  return true
}
