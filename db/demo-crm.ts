import { asc, eq, sql } from 'drizzle-orm'
import type { RegionCode } from '../app/modules/prm/application-schemas'
import { withInnCheckDigits } from '../app/modules/tenancy/tax-ids'
import { businessClock, operatorTimeZone } from '../app/utils/clock.server'
import type { Db } from './client.server'
import { seedDemoCrmCustomers } from './demo-crm-customers'
import { seedDemoCrmForecasts } from './demo-crm-forecasts'
import { seedDemoCrmDuplicates, seedDemoCrmPipeline } from './demo-crm-pipeline'
import { seedDemoCrmRecommendations } from './demo-crm-recommendations'
import { seedDemoCrmSegments } from './demo-crm-segments'
import { seedDemoCrmSurveys } from './demo-crm-surveys'
import { rowsOf } from './drivers.server'
import { orders, organisations, prices, products, users, warehouses } from './schema'

const HISTORY_COMMENT = 'История заказов (демо CRM)'

// CRM demo (issue 15): two years of monthly orders with seasonality for the demo dealers, the key account and
// twenty-six more dealers across regions, so that every segment, prompt, recommendation and forecast choice shows on
// a fresh start. The orders are history: delivered, written straight into the order tables (as a migration from
// the operator's previous ERP would), with the standard unit cost set on the products so margins exist. Each
// customer buys a few "bundles" of products that go together, and leaves one item of a bundle out now and then:
// that is what "similar dealers bought" finds. Then each CRM part seeds its own demo on top.

/** The deterministic generator (mulberry32): the demo is the same on every fresh start. */
export function demoRandom(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** How a customer buys: its size, trend, how seasonal and noisy, how often it orders, and which bundles. */
export interface BuyerProfile {
  /** Monthly net at the start, in roubles (before season and trend). */
  monthlyRub: number
  /** Growth per month (0.02 = +2 % a month). */
  trend: number
  /** 0: flat year; 1: the full building-season swing (low in winter, high in summer). */
  seasonality: number
  /** Relative noise of a month (0.05 = ±5 %). */
  noise: number
  /** Probability it orders in a given month (1: every month). */
  activity: number
  bundles: number[]
  /** The months of the history it buys in (indexes 0–23; default all): a customer lost, or won, along the way. */
  activeFrom?: number
  activeTo?: number
}

/** The building season: electrical goods sell in spring to autumn (index 1 = January). Mean 1. */
export const seasonIndex = [0.62, 0.68, 0.85, 1.02, 1.15, 1.25, 1.28, 1.22, 1.12, 1.0, 0.93, 0.88]

// Region codes as the partner programme stores them (regionCodes), so the CRM groups and assigns by the same values.
const regions: RegionCode[] = ['RU-MOW', 'RU-SPE', 'RU-NVS', 'RU-SVE', 'RU-KDA', 'RU-TA']

/** The demo customers beyond the base demo's: names, regions and how they buy. */
function extraDealers(): { shortName: string; region: string; group: string | null; profile: BuyerProfile }[] {
  const rnd = demoRandom(15)
  const names = [
    'Электромир',
    'Светотехника Урала',
    'Кабельный двор',
    'Энергия Юга',
    'Волга-Электро',
    'Северный ток',
    'ЭлектроДом',
    'Профсвет',
    'Контакт-М',
    'Искра',
    'Ампер',
    'Вольт-Сервис',
    'ЭлектроСтрой Казань',
    'Лампа и Ко',
    'Щит и Автомат',
    'ТокПро',
    'Мастер Электрик',
    'Провод-Трейд',
    'Светлый город',
    'ЭнергоКомплект',
    'Фаза',
    'Электрон-Сибирь',
    'Розетка.рф',
    'ЭлектроЛюкс Краснодар',
    'Ом-Дистрибуция',
    'Люмен',
  ]
  return names.map((shortName, k) => {
    // A long tail: a few large customers, many small ones (the Pareto curve the ABC page draws).
    const size = 2_600_000 / Math.pow(k + 2, 1.15)
    const intermittent = k % 9 === 8
    const bundles = [k % 6, (k + 2) % 6, ...(k % 3 === 0 ? [(k + 4) % 6] : [])]
    return {
      shortName,
      region: regions[k % regions.length],
      group: k % 4 === 0 ? 'gold' : null,
      profile: {
        monthlyRub: Math.round(size),
        trend: (rnd() - 0.4) * 0.02,
        seasonality: 0.4 + rnd() * 0.6,
        noise: intermittent ? 0.5 : 0.05 + rnd() * 0.35,
        activity: intermittent ? 0.25 : k % 5 === 4 ? 0.7 : 1,
        bundles,
        // One customer was lost a year ago (retention below 1), one stopped four months ago (churn risk), two were won.
        ...(k === 10 || k === 19 ? { activeTo: k === 10 ? 9 : 19 } : {}),
        ...(k === 13 || k === 22 ? { activeFrom: 9 } : {}),
      },
    }
  })
}

/**
 * The base demo's customers: Вектор grows steadily with a clear season, Альфа-Дилер is erratic. On both cards the
 * forecast goes to Holt-Winters for the groups bought in many small units (cable) and stays with the baseline for
 * lumpy ones (distribution boards: few expensive pieces a month, where Holt-Winters' MASE is not below 1).
 */
const baseProfiles: Record<string, BuyerProfile> = {
  Вектор: { monthlyRub: 210_000, trend: 0.012, seasonality: 1, noise: 0.03, activity: 1, bundles: [0, 1, 2] },
  'Альфа-Дилер': { monthlyRub: 160_000, trend: 0, seasonality: 0.3, noise: 0.45, activity: 0.85, bundles: [1, 3] },
  'Сибирь Электро': { monthlyRub: 90_000, trend: -0.01, seasonality: 0.8, noise: 0.15, activity: 0.9, bundles: [2, 4] },
  'Гипермаркет Плюс': { monthlyRub: 520_000, trend: 0.004, seasonality: 0.7, noise: 0.08, activity: 1, bundles: [0, 3, 5] },
}

interface Good {
  id: string
  sku: string
  nameRu: string
  nameEn: string
  unit: string
  priceMinor: number
}

/** The months of the history: the 24 whole months before the current one (YYYY-MM-01). */
export function historyMonths(today: string, count = 24): string[] {
  const [y, m] = today.split('-').map(Number)
  return Array.from({ length: count }, (_, k) => {
    const d = new Date(Date.UTC(y, m - 1 - count + k, 1))
    return d.toISOString().slice(0, 10)
  })
}

/** One customer's monthly orders: per month, the quantity of each product of its bundles (pure, for the tests). */
export function planHistory(profile: BuyerProfile, months: string[], bundles: Good[][], seed: number) {
  const rnd = demoRandom(seed)
  // Now and then a customer leaves one item of a bundle out for good: the gap a recommendation fills.
  const leftOut = new Set<string>()
  for (const b of profile.bundles) if (rnd() < 0.35 && bundles[b]?.length > 1) leftOut.add(bundles[b][Math.floor(rnd() * bundles[b].length)].id)
  const goods = profile.bundles
    .flatMap((b) => bundles[b] ?? [])
    .filter((g, i, all) => !leftOut.has(g.id) && all.findIndex((x) => x.id === g.id) === i)
  return months.flatMap((month, t) => {
    if (rnd() > profile.activity || goods.length === 0) return []
    if (t < (profile.activeFrom ?? 0) || t > (profile.activeTo ?? months.length)) return []
    const season = 1 + profile.seasonality * (seasonIndex[Number(month.slice(5, 7)) - 1] - 1)
    const level = profile.monthlyRub * season * (1 + profile.trend * t) * (1 + profile.noise * (2 * rnd() - 1))
    const share = level / goods.length
    const lines = goods.map((g) => ({ good: g, qty: Math.max(0, Math.round((share * 100) / g.priceMinor)) })).filter((l) => l.qty > 0)
    return lines.length ? [{ month, day: 5 + Math.floor(rnd() * 18), lines }] : []
  })
}

export async function seedDemoCrmIfEmpty(db: Db): Promise<boolean> {
  // The history goes in once: its orders carry the demo's comment.
  const [done] = await db.select({ id: orders.id }).from(orders).where(eq(orders.comment, HISTORY_COMMENT)).limit(1)
  if (done) return false
  const seeded = await seedDemoOrderHistory(db)
  if (!seeded) return false
  await seedDemoCrmCustomers(db)
  await seedDemoCrmPipeline(db)
  await seedDemoCrmSegments(db)
  await seedDemoCrmRecommendations(db)
  await seedDemoCrmForecasts(db)
  await seedDemoCrmSurveys(db)
  await seedDemoCrmDuplicates(db)
  return true
}

/** The two years of orders; false when the base demo (people, catalog) is not there. */
export async function seedDemoOrderHistory(db: Db): Promise<boolean> {
  const [sales] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'sales@technosnab.demo'))
  const [warehouse] = await db.select({ id: warehouses.id }).from(warehouses).orderBy(asc(warehouses.code)).limit(1)
  if (!sales || !warehouse) return false
  // Products with a price for one unit (the cheapest list's), in SKU order: 18 of them make six bundles of three.
  const goods: Good[] = (
    await db
      .select({
        id: products.id,
        sku: products.sku,
        nameRu: products.nameRu,
        nameEn: products.nameEn,
        unit: products.unit,
        priceMinor: sql<number>`min(${prices.unitPriceMinor})::bigint`.mapWith(Number),
      })
      .from(products)
      .innerJoin(prices, eq(prices.productId, products.id))
      .where(eq(products.active, true))
      .groupBy(products.id)
      .orderBy(asc(products.sku))
  ).filter((g) => g.priceMinor > 0)
  if (goods.length < 18) return false
  // Spread the bundles over the catalog (not the first 18 SKUs of one family).
  const step = Math.floor(goods.length / 18)
  const picked = Array.from({ length: 18 }, (_, k) => goods[k * step])
  const bundles = Array.from({ length: 6 }, (_, b) => picked.slice(b * 3, b * 3 + 3))
  // The standard cost: 62–80 % of the price, by product (margins differ by product group).
  const rnd = demoRandom(27)
  for (const g of goods)
    await db
      .update(products)
      .set({ unitCostMinor: Math.round(g.priceMinor * (0.62 + rnd() * 0.18)) })
      .where(eq(products.id, g.id))

  const customers: { orgId: string; profile: BuyerProfile }[] = []
  const base = await db.select({ id: organisations.id, shortName: organisations.shortName }).from(organisations)
  for (const [shortName, profile] of Object.entries(baseProfiles)) {
    const org = base.find((o) => o.shortName === shortName)
    if (org) customers.push({ orgId: org.id, profile })
  }
  for (const [k, d] of extraDealers().entries()) {
    const [org] = await db
      .insert(organisations)
      .values({
        kind: 'dealer',
        shortName: d.shortName,
        legalName: `ООО «${d.shortName}»`,
        inn: withInnCheckDigits(String(6_601_000_00 + k * 1_013)),
        region: d.region,
        dealerGroup: d.group,
        verificationStatus: 'verified',
      })
      .returning({ id: organisations.id })
    customers.push({ orgId: org.id, profile: d.profile })
  }

  const { today } = await businessClock(db)
  const months = historyMonths(today)
  for (const [k, c] of customers.entries()) {
    const plan = planHistory(c.profile, months, bundles, 1000 + k)
    for (const o of plan) {
      const day = `${o.month.slice(0, 8)}${String(o.day).padStart(2, '0')}`
      const net = o.lines.reduce((s, l) => s + l.qty * l.good.priceMinor, 0)
      const vat = Math.round(net * 0.22)
      const [order] = rowsOf<{ id: string }>(
        await db.execute(sql`
        insert into orders (org_id, number, placed_by, status, channel, checkout_token, incoterm, named_place, freight_terms,
          net_minor, vat_minor, gross_minor, comment, placed_at, updated_at, delivered_at)
        select ${c.orgId}, extract(year from ${day}::date)::text || '-' || lpad(nextval('order_number_seq')::text, 6, '0'), ${sales.id},
          'delivered', 'web', gen_random_uuid(), 'DAP', '', 'prepaid', ${net}, ${vat}, ${net + vat}, ${HISTORY_COMMENT},
          (${day}::date + time '10:00') at time zone ${operatorTimeZone}, (${day}::date + time '10:00') at time zone ${operatorTimeZone},
          (${day}::date + 4 + time '12:00') at time zone ${operatorTimeZone}
        returning id`),
      )
      await db.execute(sql`
        insert into order_lines (order_id, line_no, product_id, sku, name_ru, name_en, unit, qty, unit_price_minor, net_minor, vat_bp,
          vat_minor, price_list_name, price_trace, warehouse_id, earliest_date, confirmed_qty, shipped_qty)
        select ${order.id}, l.line_no, l.product_id, l.sku, l.name_ru, l.name_en, l.unit, l.qty, l.price, l.qty * l.price, 2200,
          round(l.qty * l.price * 0.22), 'История', '[]'::jsonb, ${warehouse.id}, ${day}::date, l.qty, l.qty
        from jsonb_to_recordset(${JSON.stringify(
          o.lines.map((l, i) => ({
            line_no: i + 1,
            product_id: l.good.id,
            sku: l.good.sku,
            name_ru: l.good.nameRu,
            name_en: l.good.nameEn,
            unit: l.good.unit,
            qty: l.qty,
            price: l.good.priceMinor,
          })),
        )}::jsonb) as l(line_no int, product_id uuid, sku text, name_ru text, name_en text, unit text, qty int, price bigint)`)
      await db.execute(sql`
        insert into order_events (order_id, status, kind, note, actor_id, at)
        values (${order.id}, 'delivered', 'delivered', ${HISTORY_COMMENT}, ${sales.id}, (${day}::date + 4 + time '12:00') at time zone ${operatorTimeZone})`)
    }
  }
  return true
}
