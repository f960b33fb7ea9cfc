import { asc, eq, inArray } from 'drizzle-orm'
import { closeRebatePeriod, accrueRebatePeriod, periodFor } from '../app/modules/prm/rebates.server'
import { periodOf } from '../app/modules/prm/rebate-rules'
import { businessClock } from '../app/utils/clock.server'
import { createDeliveredOrder, createRebateProgramme } from '../tests/factories'
import type { Db } from './client.server'
import { memberships, products, rebateProgrammes, users, warehouses } from './schema'

// Partner programme demo: rebates (issue 13). A stepped quarterly rebate — 2 % from 500 000 ₽, 3 % from 1 500 000 ₽
// of a quarter's delivered net — with delivered orders of the demo dealers in the previous quarter (accrued and
// closed: its lines wait for a payout batch, which the payouts demo prepares) and in this one (accrued, open).
// Вектор reaches the top step last quarter, Альфа-Дилер the first, Сиб-Электро stays below; this quarter each is on
// its way to a step. Seeds only when there is no rebate programme yet; returns whether it seeded.

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export async function seedDemoRebatesIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: rebateProgrammes.id }).from(rebateProgrammes).limit(1)
  if (existing) return false
  const admins = ['admin@vector.demo', 'admin@alfa-dealer.demo', 'admin@sib-electro.demo']
  const people = await db
    .select({ email: users.email, userId: users.id, orgId: memberships.orgId })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(inArray(users.email, [...admins, 'partners@technosnab.demo']))
  const dealerOf = (email: string) => people.find((p) => p.email === email)
  const manager = people.find((p) => p.email === 'partners@technosnab.demo')
  const [warehouse] = await db.select({ id: warehouses.id }).from(warehouses).orderBy(asc(warehouses.code)).limit(1)
  const goods = await db.select({ id: products.id, sku: products.sku }).from(products).orderBy(asc(products.sku)).limit(3)
  if (!manager || !warehouse || goods.length < 2 || admins.some((a) => !dealerOf(a))) return false

  const { today } = await businessClock(db)
  const current = periodOf('quarter', today)
  const previous = periodOf('quarter', addDays(current.start, -1))
  const programme = await createRebateProgramme(db, {
    code: 'REBATE-Q',
    nameRu: 'Квартальный ретро-бонус',
    nameEn: 'Quarterly volume rebate',
    budgetMinor: 1_000_000_00,
    validFrom: previous.start,
  })

  // Net amounts (kopecks) of the delivered orders: [previous quarter…], [this quarter…].
  const plan: Record<string, [number[], number[]]> = {
    'admin@vector.demo': [
      [900_000_00, 750_000_00, 180_000_00],
      [420_000_00, 150_000_00],
    ],
    'admin@alfa-dealer.demo': [[480_000_00, 260_000_00], [310_000_00]],
    'admin@sib-electro.demo': [[190_000_00, 95_000_00], [640_000_00]],
  }
  // This quarter's orders are delivered on days already past (today at the latest).
  const daysSoFar = Math.max(0, Math.round((Date.parse(today) - Date.parse(current.start)) / 86_400_000))
  for (const [email, [before, now]] of Object.entries(plan)) {
    const dealer = dealerOf(email)!
    const order = (amountMinor: number, deliveredOn: string, k: number) =>
      createDeliveredOrder(db, {
        orgId: dealer.orgId,
        placedBy: dealer.userId,
        warehouseId: warehouse.id,
        deliveredOn,
        comment: 'Демо: поставка для ретро-бонуса',
        items: [
          { productId: goods[k % goods.length].id, sku: goods[k % goods.length].sku, qty: 10, unitPriceMinor: Math.round((amountMinor * 0.6) / 10) },
          {
            productId: goods[(k + 1) % goods.length].id,
            sku: goods[(k + 1) % goods.length].sku,
            qty: 4,
            unitPriceMinor: Math.round((amountMinor * 0.4) / 4),
          },
        ],
      })
    for (const [k, amount] of before.entries()) await order(amount, addDays(previous.start, 12 + 25 * k), k)
    for (const [k, amount] of now.entries()) await order(amount, addDays(current.start, Math.min(daysSoFar, 3 + 20 * k)), k)
  }

  const actor = { userId: manager.userId, email: manager.email, ip: null }
  const closed = await periodFor(db, programme.id, previous.start)
  await closeRebatePeriod({ actor, periodId: closed.id })
  const open = await periodFor(db, programme.id, current.start)
  await accrueRebatePeriod({ actor, periodId: open.id })
  return true
}
