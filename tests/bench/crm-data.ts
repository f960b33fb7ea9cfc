import type { BenchDatabase } from './common'

// The data `npm run bench:crm` measures on (issue 15 "Benchmark"): DEALERS dealers in 80 regions, 200 products in 20
// categories with standard costs, and LINES delivered order lines (five to an order) over the 24 months before the
// current one — some dealers buy every month, some in a season, some rarely, a few stopped a year ago. The products
// make 40 bundles of five, two to a category; a dealer buys five bundles in five categories, an order being one
// bundle, so the co-occurrence finds pairs (and the forecasts about five customer × category series a dealer). Made
// by set-based SQL as the tables' owner; not what is measured.
export async function makeCrmBenchData(bench: BenchDatabase, { dealers, lines }: { dealers: number; lines: number }) {
  const orders = Math.ceil(lines / 5)
  await bench.raw(`insert into users (email, display_name, password_hash) values ('bench-crm@example.test', 'Bench', 'x')`)
  await bench.raw(`insert into categories (code, name_ru, name_en) select 'BC' || g, 'Группа ' || g, 'Group ' || g from generate_series(1, 20) g`)
  await bench.raw(`insert into tax_classes (code, name_ru, name_en) values ('BVAT', 'НДС', 'VAT')`)
  await bench.raw(`insert into warehouses (code, name_ru, name_en, city) values ('BW', 'Склад', 'Warehouse', 'Москва')`)
  await bench.raw(
    `insert into products (sku, name_ru, name_en, category_id, tax_class_id, unit_cost_minor)
     select 'BP-' || g, 'Товар ' || g, 'Product ' || g, (select id from categories where code = 'BC' || (1 + (g - 1) / 10)),
       (select id from tax_classes where code = 'BVAT'), 10000 + (g % 37) * 900
     from generate_series(1, 200) g`,
  )
  await bench.raw(
    `insert into organisations (kind, legal_name, short_name, verification_status, region)
     select 'dealer', 'ООО «Дилер ' || g || '»', 'Дилер ' || g, 'verified', 'Регион ' || (g % 80) from generate_series(1, $1::int) g`,
    [dealers],
  )
  // Order g: dealer g mod N; its month spreads the dealer's orders over 24 months, with a summer season for a third
  // of the dealers and a stop a year ago for every 25th.
  await bench.raw(
    `insert into orders (org_id, number, placed_by, status, checkout_token, incoterm, named_place, freight_terms, net_minor, vat_minor,
       gross_minor, placed_at, delivered_at)
     select d.id, 'B-' || g, (select id from users where email = 'bench-crm@example.test'), 'delivered', gen_random_uuid(), 'DAP', '', 'prepaid',
       0, 0, 0, t.at, t.at
     from generate_series(1, $1::int) g
     join (select id, row_number() over (order by id) - 1 as k from organisations where kind = 'dealer') d on d.k = g % $2::int
     cross join lateral (
       select date_trunc('month', now()) - interval '24 months'
         + make_interval(months => case when d.k % 25 = 0 then (g / $2::int) % 12
                                        when d.k % 3 = 0 then 3 + ((g / $2::int) * 7) % 6 + 12 * ((g / $2::int) % 2)
                                        else (g / $2::int) % 24 end)
         + make_interval(days => g % 27) as at
     ) t`,
    [orders, dealers],
  )
  // Order g's bundle: its dealer k = g mod N buys one of the two bundles (by a bit of k / 20) of each of the
  // categories k, k + 4, …, k + 16 (mod 20), a month's orders of different bundles, so that a series has sales in
  // most months (else every one is intermittent and none is fitted). Every 7th dealer leaves one item of its first
  // bundle out, buying the category's other bundle's instead: the gap a recommendation fills.
  await bench.raw(
    `insert into order_lines (order_id, line_no, product_id, sku, name_ru, name_en, unit, qty, unit_price_minor, net_minor, vat_bp, vat_minor,
       price_list_name, price_trace, warehouse_id, earliest_date, confirmed_qty, shipped_qty)
     select o.id, n, p.id, p.sku, p.name_ru, p.name_en, 'pcs', q, pr, q * pr, 2200, round(q * pr * 0.22), 'Bench', '[]'::jsonb,
       (select id from warehouses where code = 'BW'), current_date, q, q
     from (select id, substr(number, 3)::int as g from orders where number like 'B-%') o
     cross join generate_series(1, 5) n
     cross join lateral (select o.g % $2::int as k, ((o.g / $2::int) % 24 + o.g / $2::int / 24) % 5 as j) d
     cross join lateral (
       select (d.k + 4 * d.j) % 20 as c,
         (((d.k / 20) >> d.j) & 1) # (d.k % 7 = 3 and d.j = 0 and n = 1 + (d.k / 7) % 5)::int as h
     ) b
     join products p on p.sku = 'BP-' || (10 * b.c + 5 * b.h + n)
     cross join lateral (select 1 + ((o.g + n) % 9) as q, 15000 + ((o.g * 31 + n) % 37) * 1000 as pr) v
     limit $1::int`,
    [lines, dealers],
  )
}
