import { eq, inArray, sql } from 'drizzle-orm'
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core'
import { withGtinCheckDigit } from '../app/modules/catalog/gtin'
import type { Unit } from '../app/modules/catalog/schemas'
import { createCategory, createOrganisation, createTaxClass, createWarehouse, makeInn } from '../tests/factories'
import type { Db } from './client.server'
import { dealerPartNumbers, priceListAssignments, priceLists, prices, products, stockLevels, taxClasses, warehouses } from './schema'

// The benchmark catalog (DESIGN.md §9: "catalog search page with 100,000 SKUs and 500 price lists"): one global
// base list over every SKU, twenty dealer-group lists, the rest organisation contracts, spread over 200 dealers.
// Written with multi-row inserts, a transaction per batch: row-by-row factories would take an hour here.

const families: { code: string; ru: string; en: string; unit: Unit; pack: number; price: [number, number]; items: [string, string][] }[] = [
  {
    code: 'CABLE',
    ru: 'Кабель силовой',
    en: 'Power cable',
    unit: 'm',
    pack: 50,
    price: [40, 900],
    items: [
      ['Кабель ВВГнг-LS', 'Cable VVGng-LS'],
      ['Кабель NYM', 'Cable NYM'],
      ['Кабель КГ', 'Cable KG'],
      ['Кабель АВВГ', 'Cable AVVG'],
      ['Кабель ВБбШв', 'Armoured cable VBbShv'],
    ],
  },
  {
    code: 'WIRE',
    ru: 'Провод',
    en: 'Wire',
    unit: 'm',
    pack: 100,
    price: [15, 300],
    items: [
      ['Провод ПуГВ', 'Wire PuGV'],
      ['Провод ШВВП', 'Wire ShVVP'],
      ['Провод ПВС', 'Wire PVS'],
      ['Провод СИП', 'Self-supporting wire SIP'],
      ['Провод ПуВ', 'Wire PuV'],
    ],
  },
  {
    code: 'DATA',
    ru: 'Кабель связи',
    en: 'Data cable',
    unit: 'm',
    pack: 305,
    price: [10, 200],
    items: [
      ['Кабель витая пара U/UTP', 'Twisted pair cable U/UTP'],
      ['Кабель витая пара F/UTP', 'Twisted pair cable F/UTP'],
      ['Кабель коаксиальный', 'Coaxial cable'],
      ['Кабель оптический', 'Fibre optic cable'],
      ['Кабель телефонный', 'Telephone cable'],
    ],
  },
  {
    code: 'BREAKERS',
    ru: 'Автоматические выключатели',
    en: 'Circuit breakers',
    unit: 'pcs',
    pack: 1,
    price: [250, 9000],
    items: [
      ['Автомат ВА47-29', 'Breaker BA47-29'],
      ['Автомат ВА47-63', 'Breaker BA47-63'],
      ['Автомат ВА88', 'Breaker BA88'],
      ['Автомат модульный', 'Modular breaker'],
      ['Автомат защиты двигателя', 'Motor protection breaker'],
    ],
  },
  {
    code: 'RCD',
    ru: 'УЗО и дифавтоматы',
    en: 'RCDs and RCBOs',
    unit: 'pcs',
    pack: 1,
    price: [900, 12000],
    items: [
      ['УЗО ВД1-63', 'RCD VD1-63'],
      ['Дифавтомат АВДТ', 'RCBO AVDT'],
      ['УЗО электронное', 'Electronic RCD'],
      ['Дифавтомат двухполюсный', 'Two-pole RCBO'],
      ['УЗО четырёхполюсное', 'Four-pole RCD'],
    ],
  },
  {
    code: 'CONTACTORS',
    ru: 'Контакторы и реле',
    en: 'Contactors and relays',
    unit: 'pcs',
    pack: 1,
    price: [400, 15000],
    items: [
      ['Контактор модульный', 'Modular contactor'],
      ['Пускатель магнитный', 'Magnetic starter'],
      ['Реле времени', 'Time relay'],
      ['Реле напряжения', 'Voltage relay'],
      ['Реле промежуточное', 'Interface relay'],
    ],
  },
  {
    code: 'SOCKETS',
    ru: 'Розетки',
    en: 'Sockets',
    unit: 'pcs',
    pack: 10,
    price: [90, 1500],
    items: [
      ['Розетка с заземлением', 'Earthed socket'],
      ['Розетка USB', 'USB socket'],
      ['Розетка накладная', 'Surface socket'],
      ['Розетка силовая', 'Power socket'],
      ['Розетка компьютерная', 'Data socket'],
    ],
  },
  {
    code: 'SWITCHES',
    ru: 'Выключатели',
    en: 'Switches',
    unit: 'pcs',
    pack: 10,
    price: [80, 1400],
    items: [
      ['Выключатель одноклавишный', 'One-gang switch'],
      ['Выключатель двухклавишный', 'Two-gang switch'],
      ['Переключатель проходной', 'Two-way switch'],
      ['Диммер', 'Dimmer'],
      ['Рамка', 'Frame'],
    ],
  },
  {
    code: 'LUMINAIRES',
    ru: 'Светильники',
    en: 'Luminaires',
    unit: 'pcs',
    pack: 4,
    price: [600, 14000],
    items: [
      ['Светильник LED офисный', 'LED office luminaire'],
      ['Светильник пылевлагозащищённый', 'Dust- and damp-proof luminaire'],
      ['Светильник аварийный', 'Emergency luminaire'],
      ['Даунлайт', 'Downlight'],
      ['Светильник линейный', 'Linear luminaire'],
    ],
  },
  {
    code: 'FLOODLIGHTS',
    ru: 'Прожекторы',
    en: 'Floodlights',
    unit: 'pcs',
    pack: 1,
    price: [700, 20000],
    items: [
      ['Прожектор LED', 'LED floodlight'],
      ['Прожектор с датчиком', 'Floodlight with sensor'],
      ['Светильник уличный', 'Street light'],
      ['Прожектор галогенный', 'Halogen floodlight'],
      ['Светильник промышленный', 'High-bay luminaire'],
    ],
  },
  {
    code: 'LAMPS',
    ru: 'Лампы',
    en: 'Lamps',
    unit: 'pcs',
    pack: 10,
    price: [60, 900],
    items: [
      ['Лампа LED A60', 'LED lamp A60'],
      ['Лампа LED свеча', 'LED candle lamp'],
      ['Лампа LED GU10', 'LED lamp GU10'],
      ['Лампа LED T8', 'LED tube T8'],
      ['Лампа LED G45', 'LED lamp G45'],
    ],
  },
  {
    code: 'TRUNKING',
    ru: 'Кабель-каналы',
    en: 'Cable trunking',
    unit: 'm',
    pack: 20,
    price: [35, 700],
    items: [
      ['Кабель-канал белый', 'White trunking'],
      ['Короб перфорированный', 'Slotted duct'],
      ['Плинтус кабельный', 'Skirting trunking'],
      ['Кабель-канал напольный', 'Floor trunking'],
      ['Миниканал', 'Mini trunking'],
    ],
  },
  {
    code: 'CONDUIT',
    ru: 'Трубы и лотки',
    en: 'Conduit and trays',
    unit: 'm',
    pack: 50,
    price: [20, 1200],
    items: [
      ['Труба гофрированная', 'Corrugated conduit'],
      ['Труба жёсткая', 'Rigid conduit'],
      ['Лоток металлический', 'Metal tray'],
      ['Лоток проволочный', 'Wire mesh tray'],
      ['Металлорукав', 'Flexible metal conduit'],
    ],
  },
  {
    code: 'ENCLOSURES',
    ru: 'Щиты и боксы',
    en: 'Enclosures',
    unit: 'pcs',
    pack: 1,
    price: [900, 30000],
    items: [
      ['Щит распределительный', 'Distribution board'],
      ['Бокс пластиковый', 'Plastic box'],
      ['Щит учётный', 'Meter cabinet'],
      ['Корпус металлический', 'Metal enclosure'],
      ['Щит навесной', 'Wall-mounted board'],
    ],
  },
  {
    code: 'TERMINALS',
    ru: 'Клеммы и наконечники',
    en: 'Terminals and lugs',
    unit: 'pcs',
    pack: 100,
    price: [3, 120],
    items: [
      ['Клемма соединительная', 'Connector terminal'],
      ['Наконечник кабельный', 'Cable lug'],
      ['Гильза медная', 'Copper sleeve'],
      ['Клеммник винтовой', 'Screw terminal block'],
      ['Зажим ответвительный', 'Tap connector'],
    ],
  },
  {
    code: 'BOXES',
    ru: 'Коробки монтажные',
    en: 'Junction boxes',
    unit: 'pcs',
    pack: 20,
    price: [20, 600],
    items: [
      ['Коробка распаечная', 'Junction box'],
      ['Подрозетник', 'Back box'],
      ['Коробка герметичная', 'Sealed junction box'],
      ['Коробка для полых стен', 'Cavity wall box'],
      ['Коробка клеммная', 'Terminal box'],
    ],
  },
  {
    code: 'METERS',
    ru: 'Приборы учёта',
    en: 'Energy meters',
    unit: 'pcs',
    pack: 1,
    price: [1500, 25000],
    items: [
      ['Счётчик однофазный', 'Single-phase meter'],
      ['Счётчик трёхфазный', 'Three-phase meter'],
      ['Трансформатор тока', 'Current transformer'],
      ['Амперметр щитовой', 'Panel ammeter'],
      ['Вольтметр щитовой', 'Panel voltmeter'],
    ],
  },
  {
    code: 'EXTENSIONS',
    ru: 'Удлинители',
    en: 'Extension leads',
    unit: 'pcs',
    pack: 5,
    price: [300, 5000],
    items: [
      ['Удлинитель силовой', 'Power extension lead'],
      ['Сетевой фильтр', 'Surge protector'],
      ['Удлинитель на катушке', 'Cable reel'],
      ['Колодка', 'Socket strip'],
      ['Переходник', 'Plug adapter'],
    ],
  },
  {
    code: 'TOOLS',
    ru: 'Инструмент',
    en: 'Tools',
    unit: 'pcs',
    pack: 1,
    price: [300, 20000],
    items: [
      ['Пресс-клещи', 'Crimping pliers'],
      ['Стриппер', 'Wire stripper'],
      ['Мультиметр', 'Multimeter'],
      ['Индикатор напряжения', 'Voltage tester'],
      ['Набор отвёрток', 'Screwdriver set'],
    ],
  },
  {
    code: 'FASTENERS',
    ru: 'Крепёж',
    en: 'Fasteners',
    unit: 'pcs',
    pack: 100,
    price: [2, 150],
    items: [
      ['Хомут нейлоновый', 'Nylon cable tie'],
      ['Дюбель-хомут', 'Wall plug clip'],
      ['Скоба крепёжная', 'Fixing clip'],
      ['Изолента ПВХ', 'PVC tape'],
      ['Термоусадка', 'Heat-shrink tube'],
    ],
  },
]
const variants: [string, string][] = [
  ['', ''],
  [' 2×1,5', ' 2×1.5'],
  [' 3×2,5', ' 3×2.5'],
  [' 5×4', ' 5×4'],
  [' 16 А', ' 16 A'],
  [' 25 А', ' 25 A'],
  [' 32 А', ' 32 A'],
  [' IP44', ' IP44'],
  [' IP65', ' IP65'],
  [' белый', ' white'],
  [' чёрный', ' black'],
  [' серый', ' grey'],
]
const brands = ['ТехноСнаб', 'IEK', 'EKF', 'Schneider', 'ABB', 'Legrand', 'DKC', 'Navigator']

/** The demo catalog's generator (an LCG), so every large seed has the same products and prices. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

/** murmur3's 32-bit finaliser: a bijection, so distinct inputs give distinct, well-spread words. */
function mix32(x: number) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

/**
 * A version-4-shaped UUID for the n-th row of a kind: ids known before insert, without RETURNING 100,000 rows,
 * and as scattered over the index as random ones (the LCG's low bits repeat too soon for this).
 */
function uuidFor(kind: number, n: number) {
  const hex = [0, 1, 2, 3]
    .map((k) =>
      mix32((kind << 28) ^ (n * 4 + k))
        .toString(16)
        .padStart(8, '0'),
    )
    .join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** PostgreSQL allows 65,535 bind parameters per statement: rows per INSERT are sized to stay under it. */
async function insertRows<T extends PgTable>(db: Db, table: T, rows: PgInsertValue<T>[], perInsert: number) {
  if (!rows.length) return
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += perInsert) await tx.insert(table).values(rows.slice(i, i + perInsert))
  })
}

export const LARGE_SKU_PREFIX = 'L-'

export async function seedLargeCatalog(
  db: Db,
  o: { skus?: number; priceLists?: number; dealers?: number; onProgress?: (msg: string) => void; analyze?: () => Promise<void> } = {},
) {
  const skuCount = o.skus ?? 100_000
  const listCount = o.priceLists ?? 500
  const dealerCount = o.dealers ?? 200
  const groupCount = Math.min(20, Math.max(0, listCount - 1))
  const say = o.onProgress ?? (() => {})
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(products)
  // The demo has 40 products; anything beyond a thousand means a large seed (or real data) is already there.
  if (n > 1000)
    throw new Error(`The catalog already has ${n} products: already seeded; the large seed runs only on a database without a large catalog.`)
  const rnd = random(20260100)

  const [vat] = await db.select().from(taxClasses).where(eq(taxClasses.code, 'VAT-STANDARD'))
  const taxClass =
    vat ??
    (await createTaxClass(db, {
      code: 'VAT-STANDARD',
      nameRu: 'НДС, основная ставка',
      nameEn: 'VAT, standard rate',
      rates: [
        ['2019-01-01', 2000],
        ['2026-01-01', 2200],
      ],
    }))
  const existing = new Map(
    (
      await db
        .select()
        .from(warehouses)
        .where(inArray(warehouses.code, ['MSK', 'EKB']))
    ).map((w) => [w.code, w.id]),
  )
  const msk =
    existing.get('MSK') ?? (await createWarehouse(db, { code: 'MSK', nameRu: 'Москва, Подольск', nameEn: 'Moscow, Podolsk', city: 'Москва' })).id
  const ekb =
    existing.get('EKB') ?? (await createWarehouse(db, { code: 'EKB', nameRu: 'Екатеринбург', nameEn: 'Yekaterinburg', city: 'Екатеринбург' })).id
  const categoryIds: string[] = []
  for (const [i, f] of families.entries())
    categoryIds.push((await createCategory(db, { code: `L-${f.code}`, nameRu: f.ru, nameEn: f.en, sort: 100 + i })).id)

  // ---- products, stock and the base list ----
  const productIds: string[] = new Array(skuCount)
  const basePrice = new Float64Array(skuCount)
  const packs = new Int32Array(skuCount)
  const [baseList] = await db.insert(priceLists).values({ code: 'L-BASE', name: 'Базовый прайс-лист (большой каталог)' }).returning()
  await db.insert(priceListAssignments).values({ priceListId: baseList.id, scope: 'global' })
  const CHUNK = 5000
  for (let start = 0; start < skuCount; start += CHUNK) {
    const productRows: (typeof products.$inferInsert)[] = []
    const stockRows: (typeof stockLevels.$inferInsert)[] = []
    const priceRows: (typeof prices.$inferInsert)[] = []
    for (let i = start; i < Math.min(skuCount, start + CHUNK); i++) {
      const fi = Math.floor(rnd() * families.length)
      const f = families[fi]
      const [ru, en] = f.items[Math.floor(rnd() * f.items.length)]
      const [vru, ven] = variants[Math.floor(rnd() * variants.length)]
      const brand = brands[Math.floor(rnd() * brands.length)]
      const model = `${brand.slice(0, 2).toUpperCase()}${100 + Math.floor(rnd() * 900)}`
      const id = uuidFor(1, i)
      const serial = i + 1
      const price = Math.round((f.price[0] + rnd() * (f.price[1] - f.price[0])) * 100)
      productIds[i] = id
      basePrice[i] = price
      packs[i] = f.pack
      productRows.push({
        id,
        sku: `${LARGE_SKU_PREFIX}${String(serial).padStart(6, '0')}`,
        gtin: withGtinCheckDigit(`461${String(serial).padStart(9, '0')}`),
        nameRu: `${ru}${vru} ${brand} ${model}`,
        nameEn: `${en}${ven} ${brand} ${model}`,
        descriptionRu: `${f.ru}: ${ru}${vru}. Производитель ${brand}. Соответствует ГОСТ, гарантия 2 года.`,
        descriptionEn: `${f.en}: ${en}${ven}. Made by ${brand}. GOST compliant, 2-year warranty.`,
        unit: f.unit,
        packSize: f.pack,
        minQty: f.pack,
        maxQty: f.unit === 'm' ? 10_000 : null,
        categoryId: categoryIds[fi],
        taxClassId: taxClass.id,
        attributes: { brand, ip: vru.includes('IP') ? vru.trim() : '' },
        active: serial % 53 !== 0,
      })
      const atpMsk = rnd() < 0.15 ? 0 : Math.floor(rnd() * 60) * f.pack
      stockRows.push({
        productId: id,
        warehouseId: msk,
        atp: atpMsk,
        nextReceiptDate: atpMsk === 0 ? '2026-12-07' : null,
        nextReceiptQty: atpMsk === 0 ? 40 * f.pack : 0,
        leadDays: 1,
      })
      stockRows.push({ productId: id, warehouseId: ekb, atp: Math.floor(rnd() * 200) * f.pack, leadDays: 4 })
      const t = (k: number) => Math.round((price * k) / 100) * 100 || price
      priceRows.push({ priceListId: baseList.id, productId: id, minQty: 1, unitPriceMinor: price })
      priceRows.push({ priceListId: baseList.id, productId: id, minQty: 10 * f.pack, unitPriceMinor: t(0.95) })
      if (rnd() < 0.5) priceRows.push({ priceListId: baseList.id, productId: id, minQty: 50 * f.pack, unitPriceMinor: t(0.9) })
    }
    // Sixteen columns a product row: 2,000 rows keep a statement at 32,000 parameters.
    await insertRows(db, products, productRows, 2000)
    await insertRows(db, stockLevels, stockRows, 5000)
    await insertRows(db, prices, priceRows, 5000)
    say(`products ${Math.min(skuCount, start + CHUNK)}/${skuCount}`)
  }

  // ---- dealers ----
  const dealers: string[] = []
  for (let i = 0; i < dealerCount; i++) {
    const org = await createOrganisation(db, {
      kind: 'dealer',
      shortName: `Дилер ${String(i + 1).padStart(3, '0')}`,
      legalName: `ООО «Электро-Дилер ${i + 1}»`,
      inn: makeInn(791_000_000 + i),
      dealerGroup: groupCount ? `g${(i % groupCount) + 1}` : null,
    })
    dealers.push(org.id)
  }
  say(`dealers ${dealerCount}`)

  // ---- group lists and contracts ----
  const tier = (i: number, k: number) => Math.round((basePrice[i] * k) / 100) * 100 || basePrice[i]
  let priceBuffer: (typeof prices.$inferInsert)[] = []
  const flush = async () => {
    await insertRows(db, prices, priceBuffer, 5000)
    priceBuffer = []
  }
  for (let g = 1; g <= groupCount; g++) {
    const [list] = await db
      .insert(priceLists)
      .values({ code: `L-GROUP-G${g}`, name: `Группа g${g}: партнёрские цены` })
      .returning()
    await db.insert(priceListAssignments).values({ priceListId: list.id, scope: 'group', dealerGroup: `g${g}` })
    for (let i = 0; i < skuCount; i++) {
      if (rnd() >= 0.2) continue
      const k = 0.9 + rnd() * 0.07
      priceBuffer.push({ priceListId: list.id, productId: productIds[i], minQty: 1, unitPriceMinor: tier(i, k) })
      if (rnd() < 0.3) priceBuffer.push({ priceListId: list.id, productId: productIds[i], minQty: 20 * packs[i], unitPriceMinor: tier(i, k - 0.04) })
      if (priceBuffer.length >= 20_000) await flush()
    }
    await flush()
    say(`group lists ${g}/${groupCount}`)
  }
  const contractCount = Math.max(0, listCount - 1 - groupCount)
  const maxCover = Math.max(1, Math.min(2000, Math.floor(skuCount / 2)))
  for (let c = 1; c <= contractCount && dealers.length; c++) {
    const orgId = dealers[(c - 1) % dealers.length]
    // One contract in ten is dated to this year, as real contracts are; the others are open-ended.
    const dated = c % 10 === 0
    const [list] = await db
      .insert(priceLists)
      .values({
        code: `L-CONTRACT-${String(c).padStart(4, '0')}`,
        name: `Договор № ${c}/2026`,
        validFrom: dated ? '2026-01-01' : null,
        validTo: dated ? '2026-12-31' : null,
        priority: c % 3,
      })
      .returning()
    await db.insert(priceListAssignments).values({ priceListId: list.id, scope: 'org', orgId })
    const cover = Math.min(maxCover, 200 + Math.floor(rnd() * 1801))
    const chosen = new Set<number>()
    while (chosen.size < cover) chosen.add(Math.floor(rnd() * skuCount))
    for (const i of chosen)
      priceBuffer.push({ priceListId: list.id, productId: productIds[i], minQty: 1, unitPriceMinor: tier(i, 0.8 + rnd() * 0.1) })
    if (priceBuffer.length >= 20_000) await flush()
    if (c % 50 === 0 || c === contractCount) say(`contracts ${c}/${contractCount}`)
  }
  await flush()

  // ---- dealer part numbers: the first twenty dealers keep their own article numbers for 50 products each ----
  const partRows: (typeof dealerPartNumbers.$inferInsert)[] = []
  for (const [d, orgId] of dealers.slice(0, 20).entries()) {
    const chosen = new Set<number>()
    while (chosen.size < Math.min(50, skuCount)) chosen.add(Math.floor(rnd() * skuCount))
    let k = 0
    for (const i of chosen) partRows.push({ orgId, productId: productIds[i], partNumber: `D${d + 1}-${String(++k).padStart(4, '0')}` })
  }
  await insertRows(db, dealerPartNumbers, partRows, 5000)

  // Planner statistics: without them PostgreSQL plans the catalog queries for empty tables. PGlite has no
  // autovacuum daemon, and a server's would catch up only minutes later. Only the tables' owner may analyze
  // them, and the app acts as a role that is not (migration 0012): callers pass Database.analyze.
  if (o.analyze) await o.analyze()
  else await db.execute(sql`analyze`)
  say('analyzed')
  return { products: skuCount, priceLists: 1 + groupCount + contractCount, dealers: dealerCount, dealerIds: dealers }
}
