import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { businessClock } from '../app/utils/clock.server'
import { createDeliveredOrder, createUser } from '../tests/factories'
import { createSaleReports, createShop, deliverSerials, type SaleRow } from '../tests/factories/sarm'
import { consentTexts } from '../app/modules/sarm/consent-texts'
import type { Db } from './client.server'
import { DEMO_PASSWORD } from './demo-data'
import { seedDemoSarmBonusIfEmpty } from './demo-sarm-bonus'
import { seedDemoContestsIfEmpty } from './demo-sarm-contests'
import { seedDemoSarmLearningIfEmpty } from './demo-sarm-learning'
import { seedDemoSarmSalesIfEmpty } from './demo-sarm-sales'
import { memberships, organisations, personalDataConsents, prices, products, shopAssistants, shops, users, warehouses } from './schema'

// Shop assistants' demo (issue 14), the base the other parts stand on: each demo dealer's shops (two for Вектор and
// Альфа-Дилер, one for Сибирь Электро), five assistants in each with consent given (the demo logins
// seller@vector.demo and seller@alfa-dealer.demo among them, manager@vector.demo managing Вектор на Невском), the
// four products they sell delivered to every dealer ten months ago (the first by serial number), and this month's
// sales so far: confirmed ones for the bonus programme, and three at Вектор на Невском waiting for the manager.
// Seeds only when there is no shop yet.

export interface DemoSarmBase {
  today: string
  dealerOrgIds: { vector: string; alfa: string; sib: string }
  shops: { id: string; orgId: string; code: string; name: string }[]
  /** Per shop, its assistants in roster order (the demo logins first where they belong). */
  assistants: { userId: string; orgId: string; shopId: string; displayName: string }[]
  productIds: string[]
  categoryIds: string[]
  serialProductId: string
}

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

const plan = [
  {
    dealer: 'vector',
    code: 'VK-01',
    name: 'Вектор на Невском',
    address: 'Санкт-Петербург, Невский пр., 88',
    region: 'Санкт-Петербург',
    manager: 'manager@vector.demo',
    login: 'seller@vector.demo',
  },
  { dealer: 'vector', code: 'VK-02', name: 'Вектор Купчино', address: 'Санкт-Петербург, Балканская пл., 5', region: 'Санкт-Петербург' },
  {
    dealer: 'alfa',
    code: 'AL-01',
    name: 'Альфа Центр',
    address: 'Новосибирск, Красный пр., 50',
    region: 'Новосибирская область',
    login: 'seller@alfa-dealer.demo',
  },
  { dealer: 'alfa', code: 'AL-02', name: 'Альфа Левобережный', address: 'Новосибирск, ул. Станиславского, 2', region: 'Новосибирская область' },
  { dealer: 'sib', code: 'SE-01', name: 'Сибирь Электро на Ленина', address: 'Омск, ул. Ленина, 14', region: 'Омская область' },
] as const

const names = [
  'Анна Смирнова',
  'Дмитрий Козлов',
  'Елена Морозова',
  'Игорь Волков',
  'Ксения Лебедева',
  'Максим Соколов',
  'Наталья Попова',
  'Олег Новиков',
  'Полина Фёдорова',
  'Роман Егоров',
  'Светлана Павлова',
  'Тимур Орлов',
  'Ульяна Белова',
  'Фёдор Зайцев',
  'Юлия Медведева',
  'Ярослав Никитин',
  'Алина Ковалёва',
  'Борис Голубев',
  'Вероника Жукова',
  'Глеб Комаров',
  'Дарья Киселёва',
  'Егор Макаров',
  'Жанна Андреева',
]

export async function seedDemoSarmBaseIfEmpty(db: Db): Promise<DemoSarmBase | null> {
  const [existing] = await db.select({ id: shops.id }).from(shops).limit(1)
  if (existing) return null
  const orgRows = await db
    .select({ id: organisations.id, shortName: organisations.shortName })
    .from(organisations)
    .where(inArray(organisations.shortName, ['Вектор', 'Альфа-Дилер', 'Сибирь Электро']))
  const orgOf = (shortName: string) => orgRows.find((o) => o.shortName === shortName)?.id
  const [vector, alfa, sib] = [orgOf('Вектор'), orgOf('Альфа-Дилер'), orgOf('Сибирь Электро')]
  const people = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(inArray(users.email, ['manager@vector.demo', 'seller@vector.demo', 'seller@alfa-dealer.demo', 'admin@vector.demo']))
  const person = (email: string) => people.find((p) => p.email === email)
  const [warehouse] = await db.select({ id: warehouses.id }).from(warehouses).orderBy(asc(warehouses.code)).limit(1)
  // Four products of one category, so a contest and a bonus can name the category.
  const picks = await db
    .select({ id: products.id, sku: products.sku, categoryId: products.categoryId })
    .from(products)
    .where(and(eq(products.active, true), isNotNull(products.categoryId)))
    .orderBy(asc(products.categoryId), asc(products.sku))
    .limit(4)
  if (!vector || !alfa || !sib || !warehouse || picks.length < 4 || !person('admin@vector.demo')) return null
  const dealerOrgIds = { vector, alfa, sib }
  const { today } = await businessClock(db)

  // What the shops sell: delivered ten months ago; the first product by serial number (60 per dealer). At each
  // product's cheapest list price: a flat price sold some products far below the standard cost the CRM demo sets
  // (62–80 % of that price), so these three dealers showed a negative margin and no ABC class.
  const deliveredOn = addDays(today, -300)
  const listPrices = await db
    .select({ productId: prices.productId, minor: sql<number>`min(${prices.unitPriceMinor})::bigint`.mapWith(Number) })
    .from(prices)
    .where(
      inArray(
        prices.productId,
        picks.map((p) => p.id),
      ),
    )
    .groupBy(prices.productId)
  const priceOf = (productId: string) => listPrices.find((l) => l.productId === productId)?.minor ?? 1_500_00
  for (const [key, orgId] of Object.entries(dealerOrgIds)) {
    const placedBy = (
      await db
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'dealer_admin')))
        .limit(1)
    )[0]?.userId
    if (!placedBy) return null
    await createDeliveredOrder(db, {
      orgId,
      placedBy,
      warehouseId: warehouse.id,
      deliveredOn,
      comment: 'Демо: поставка для магазинов',
      items: picks.map((p) => ({ productId: p.id, sku: p.sku, qty: 400, unitPriceMinor: priceOf(p.id) })),
    })
    await deliverSerials(db, {
      orgId,
      productId: picks[0].id,
      deliveredOn,
      serials: Array.from({ length: 60 }, (_, i) => `${key.toUpperCase()}-${picks[0].sku}-${String(i + 1).padStart(4, '0')}`),
    })
  }

  const base: DemoSarmBase = {
    today,
    dealerOrgIds,
    shops: [],
    assistants: [],
    productIds: picks.map((p) => p.id),
    categoryIds: [...new Set(picks.map((p) => p.categoryId!))],
    serialProductId: picks[0].id,
  }
  let nameAt = 0
  for (const s of plan) {
    const orgId = dealerOrgIds[s.dealer]
    const manager = 'manager' in s ? person(s.manager) : undefined
    const shop = await createShop(db, { orgId, code: s.code, name: s.name, address: s.address, region: s.region, managerUserId: manager?.id ?? null })
    base.shops.push({ id: shop.id, orgId, code: s.code, name: s.name })
    const login = 'login' in s ? person(s.login) : undefined
    const crew: { id: string; displayName: string }[] = login ? [login] : []
    while (crew.length < 5) {
      const displayName = names[nameAt++ % names.length]
      const user = await createUser(db, {
        displayName,
        password: DEMO_PASSWORD,
        email: `${s.code.toLowerCase()}.${crew.length + 1}@shops.demo`,
      })
      await db.insert(memberships).values({ userId: user.id, orgId, role: 'shop_assistant', acceptedAt: new Date() })
      crew.push({ id: user.id, displayName })
    }
    for (const [k, a] of crew.entries()) {
      await db.insert(shopAssistants).values({
        orgId,
        shopId: shop.id,
        userId: a.id,
        startsOn: addDays(today, -400),
        posCode: `${s.code}-${k + 1}`,
        confirmedAt: new Date(),
      })
      await db.insert(personalDataConsents).values({
        orgId,
        userId: a.id,
        purpose: 'processing',
        textVersion: consentTexts.processing.version,
        text: consentTexts.processing.ru,
      })
      base.assistants.push({ userId: a.id, orgId, shopId: shop.id, displayName: a.displayName })
    }
  }

  // This month's confirmed sales so far (spread over the days already past), the demo logins just below the norm.
  const monthStart = `${today.slice(0, 8)}01`
  const days = Math.max(1, Math.round((Date.parse(today) - Date.parse(monthStart)) / 86_400_000) + 1)
  const rows: SaleRow[] = []
  for (const [k, a] of base.assistants.entries()) {
    const units = a.displayName === person('seller@vector.demo')?.displayName ? 24 : 8 + ((k * 7) % 31)
    for (let u = 0; u < units; u++)
      rows.push({
        orgId: a.orgId,
        shopId: a.shopId,
        userId: a.userId,
        productId: base.productIds[1 + (u % 3)],
        soldOn: addDays(monthStart, u % days),
        receiptNo: `${base.shops.find((s) => s.id === a.shopId)!.code}-${today.slice(0, 7)}-${k}-${u}`,
        unitPriceMinor: 2_490_00,
      })
  }
  // Three sales at Вектор на Невском wait for the shop manager, one of them with a serial number.
  const nevsky = base.shops[0]
  const seller = base.assistants.find((a) => a.shopId === nevsky.id)!
  for (const [k, productId] of [base.serialProductId, base.productIds[1], base.productIds[2]].entries())
    rows.push({
      orgId: nevsky.orgId,
      shopId: nevsky.id,
      userId: seller.userId,
      productId,
      soldOn: today,
      qty: k === 2 ? 2 : 1,
      serial: k === 0 ? `VECTOR-${picks[0].sku}-0001` : null,
      receiptNo: `VK-01-${today}-${k + 1}`,
      unitPriceMinor: 2_490_00,
      status: 'pending',
    })
  await createSaleReports(db, rows)
  await db.execute(sql`analyze sale_reports`)
  return base
}

/** The whole shop-assistant demo: the base above, then each part on it (each seeds only into its own empty tables). */
export async function seedDemoSarmIfEmpty(db: Db): Promise<boolean> {
  const base = await seedDemoSarmBaseIfEmpty(db)
  if (!base) return false
  const dealerOrgIds = Object.values(base.dealerOrgIds)
  const assistantUserIds = base.assistants.map((a) => a.userId)
  await seedDemoSarmBonusIfEmpty(db, { orgIds: dealerOrgIds, shopIds: base.shops.map((s) => s.id), assistantUserIds, productIds: base.productIds })
  await seedDemoSarmLearningIfEmpty(db, { dealerOrgIds, assistantUserIds })
  await seedDemoSarmSalesIfEmpty(db, 'Вектор')
  // The finished contest last: its checks run on the sales above and its own worked-example shops (Альфа-Дилер).
  const [manager] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'partners@technosnab.demo'))
  await seedDemoContestsIfEmpty(db, { dealerOrgIds: [base.dealerOrgIds.alfa], productIds: [base.productIds[1]], managerUserId: manager?.id ?? null })
  return true
}
