import { sql } from 'drizzle-orm'
import { it } from 'vitest'
import { db } from '../../db/client.server'
import { periodOf } from '../../app/modules/prm/rebate-rules'
import { businessClock } from '../../app/utils/clock.server'
import { benchRebateAccrual } from '../bench/prm-rebates'
import { createCategory, createDeliveredOrder, createMember, createOrganisation, createProduct, createTaxClass, createWarehouse } from '../factories'

it('scale probe', async () => {
  const { today } = await businessClock()
  const q = periodOf('quarter', periodOf('quarter', today).start.replace(/-(\d\d)-01$/, (_m, mm) => `-${mm}-01`))
  const start = new Date(`${q.start}T00:00:00Z`); start.setUTCDate(start.getUTCDate() - 40)
  const day = start.toISOString().slice(0, 10)
  const warehouseId = (await createWarehouse(db)).id
  const product = await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: (await createTaxClass(db)).id })
  const org = await createOrganisation(db, { kind: 'dealer' })
  const buyer = await createMember(db, org, 'dealer_buyer')
  const tpl = await createDeliveredOrder(db, { orgId: org.id, placedBy: buyer.id, warehouseId, deliveredOn: day, items: [{ productId: product.id, sku: product.sku, qty: 1, unitPriceMinor: 1_000_000_00 }] })
  const t0 = Date.now()
  for (let i = 0; i < 2000; i++) {
    const o = await createOrganisation(db, { kind: 'dealer' })
    await db.execute(sql`insert into orders (org_id, number, placed_by, checkout_token, incoterm, named_place, freight_terms, net_minor, vat_minor, gross_minor, status, delivered_at)
      select ${o.id}::uuid, 'S-' || ${i}::text, placed_by, gen_random_uuid()::text, incoterm, named_place, freight_terms, net_minor, vat_minor, gross_minor, status, delivered_at from orders where id = ${tpl.id}::uuid`)
  }
  await db.execute(sql`insert into order_lines select (o.id), l.line_no, l.product_id, l.sku, l.name_ru, l.name_en, l.unit, l.qty, l.unit_price_minor, l.net_minor, l.vat_bp, l.vat_minor, l.price_list_name, l.price_trace, l.warehouse_id, l.earliest_date from orders o, order_lines l where o.number like 'S-%' and l.order_id = ${tpl.id}::uuid`).catch((e) => console.log('lines', e.message))
  console.log('seeded in', Date.now() - t0)
  console.log(await benchRebateAccrual({ db, samples: 1 }))
}, 600_000)
