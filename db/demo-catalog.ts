import { sql } from 'drizzle-orm'
import { withGtinCheckDigit } from '../app/modules/catalog/gtin'
import { createCategory, createPriceList, createProduct, createShipTo, createTaxClass, createWarehouse, setDeliveryTerms, setStock } from '../tests/factories'
import type { Db } from './client.server'
import { dealerPartNumbers, organisations, products } from './schema'

// The demo catalog: electrical goods in eight categories, two warehouses, a base list with tiers, a gold-group
// list, one dealer's contract, an expired promotion and next year's list — enough for every price explanation.

const families: { code: string; ru: string; en: string; unit: string; pack: number; items: [string, string][]; basePrice: [number, number] }[] = [
  { code: 'CABLE', ru: 'Кабель и провод', en: 'Cable and wire', unit: 'm', pack: 50, basePrice: [40, 900], items: [['Кабель ВВГнг-LS', 'Cable VVGng-LS'], ['Кабель NYM', 'Cable NYM'], ['Провод ПуГВ', 'Wire PuGV'], ['Кабель КГ', 'Cable KG'], ['Провод ШВВП', 'Wire ShVVP']] },
  { code: 'BREAKERS', ru: 'Автоматические выключатели', en: 'Circuit breakers', unit: 'pcs', pack: 1, basePrice: [250, 9000], items: [['Автомат ВА47-29', 'Breaker BA47-29'], ['Автомат ВА47-63', 'Breaker BA47-63'], ['Дифавтомат АВДТ', 'RCBO AVDT'], ['УЗО ВД1-63', 'RCD VD1-63'], ['Автомат ВА88', 'Breaker BA88']] },
  { code: 'SOCKETS', ru: 'Розетки и выключатели', en: 'Sockets and switches', unit: 'pcs', pack: 10, basePrice: [90, 1500], items: [['Розетка с заземлением', 'Earthed socket'], ['Выключатель одноклавишный', 'One-gang switch'], ['Выключатель двухклавишный', 'Two-gang switch'], ['Рамка', 'Frame'], ['Розетка USB', 'USB socket']] },
  { code: 'LUMINAIRES', ru: 'Светильники', en: 'Luminaires', unit: 'pcs', pack: 4, basePrice: [600, 14000], items: [['Светильник LED офисный', 'LED office luminaire'], ['Прожектор LED', 'LED floodlight'], ['Светильник пылевлагозащищённый', 'Dust- and damp-proof luminaire'], ['Даунлайт', 'Downlight'], ['Светильник аварийный', 'Emergency luminaire']] },
  { code: 'LAMPS', ru: 'Лампы', en: 'Lamps', unit: 'pcs', pack: 10, basePrice: [60, 900], items: [['Лампа LED A60', 'LED lamp A60'], ['Лампа LED свеча', 'LED candle lamp'], ['Лампа LED GU10', 'LED lamp GU10'], ['Лампа LED T8', 'LED tube T8'], ['Лампа LED G45', 'LED lamp G45']] },
  { code: 'TRUNKING', ru: 'Кабель-каналы', en: 'Cable trunking', unit: 'm', pack: 20, basePrice: [35, 700], items: [['Кабель-канал белый', 'White trunking'], ['Короб перфорированный', 'Slotted duct'], ['Труба гофрированная', 'Corrugated conduit'], ['Лоток металлический', 'Metal tray'], ['Плинтус кабельный', 'Skirting trunking']] },
  { code: 'ENCLOSURES', ru: 'Щиты и боксы', en: 'Enclosures', unit: 'pcs', pack: 1, basePrice: [900, 30000], items: [['Щит распределительный', 'Distribution board'], ['Бокс пластиковый', 'Plastic box'], ['Щит учётный', 'Meter cabinet'], ['Корпус металлический', 'Metal enclosure'], ['Щит навесной', 'Wall-mounted board']] },
  { code: 'TOOLS', ru: 'Инструмент', en: 'Tools', unit: 'pcs', pack: 1, basePrice: [300, 20000], items: [['Пресс-клещи', 'Crimping pliers'], ['Стриппер', 'Wire stripper'], ['Мультиметр', 'Multimeter'], ['Индикатор напряжения', 'Voltage tester'], ['Набор отвёрток', 'Screwdriver set']] },
]
const variants: [string, string][] = [['', ''], [' 2×1,5', ' 2×1.5'], [' 3×2,5', ' 3×2.5'], [' 16 А', ' 16 A'], [' 25 А', ' 25 A'], [' IP44', ' IP44'], [' IP65', ' IP65'], [' белый', ' white']]

/** A small deterministic generator (an LCG), so every fresh demo has the same catalog. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

export async function seedDemoCatalogIfEmpty(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(4242002)`)
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(products)
    if (n > 0) return false
    const rnd = random(20261122)
    const vat = await createTaxClass(tx, { code: 'VAT-STANDARD', nameRu: 'НДС, основная ставка', nameEn: 'VAT, standard rate', rates: [['2019-01-01', 2000], ['2026-01-01', 2200]] })
    const msk = await createWarehouse(tx, { code: 'MSK', nameRu: 'Москва, Подольск', nameEn: 'Moscow, Podolsk', city: 'Москва' })
    const ekb = await createWarehouse(tx, { code: 'EKB', nameRu: 'Екатеринбург', nameEn: 'Yekaterinburg', city: 'Екатеринбург' })
    const base: Record<string, [number, number][]> = {}
    const gold: Record<string, [number, number][]> = {}
    const contract: Record<string, [number, number][]> = {}
    const promo: Record<string, [number, number][]> = {}
    const nextYear: Record<string, [number, number][]> = {}
    const skus: { id: string; sku: string }[] = []
    let serial = 0
    for (const [fi, f] of families.entries()) {
      const category = await createCategory(tx, { code: f.code, nameRu: f.ru, nameEn: f.en, sort: fi })
      for (const [ii, [ru, en]] of f.items.entries())
        for (const [vi, [vru, ven]] of variants.entries()) {
          serial++
          const sku = `${f.code.slice(0, 3)}-${String(ii + 1).padStart(2, '0')}${String(vi + 1).padStart(2, '0')}`
          const price = Math.round((f.basePrice[0] + rnd() * (f.basePrice[1] - f.basePrice[0])) * 100)
          const product = await createProduct(tx, {
            sku,
            gtin: withGtinCheckDigit(`460${String(7_000_000 + serial * 7).padStart(9, '0')}`),
            nameRu: `${ru}${vru}`,
            nameEn: `${en}${ven}`,
            descriptionRu: `${f.ru}: ${ru}${vru}. Соответствует ГОСТ, гарантия 2 года.`,
            descriptionEn: `${f.en}: ${en}${ven}. GOST compliant, 2-year warranty.`,
            unit: f.unit,
            packSize: f.pack,
            minQty: f.pack,
            maxQty: f.unit === 'm' ? 10_000 : null,
            categoryId: category.id,
            taxClassId: vat.id,
            attributes: { brand: ['ТехноСнаб', 'IEK', 'EKF', 'Schneider'][serial % 4], ip: vru.includes('IP') ? vru.trim() : '' },
            active: serial % 41 !== 0,
          })
          skus.push({ id: product.id, sku })
          const t = (k: number) => Math.round((price * k) / 100) * 100 || price
          base[product.id] = [[1, price], [10 * f.pack, t(0.95)], [50 * f.pack, t(0.9)]]
          if (rnd() < 0.6) gold[product.id] = [[1, t(0.92)], [20 * f.pack, t(0.88)]]
          if (serial % 13 === 0) contract[product.id] = [[1, t(0.85)]]
          if (serial % 17 === 0) promo[product.id] = [[1, t(0.8)]]
          if (serial % 5 === 0) nextYear[product.id] = [[1, t(1.07)], [10 * f.pack, t(1.02)]]
          const atpMsk = rnd() < 0.15 ? 0 : Math.floor(rnd() * 60) * f.pack
          await setStock(tx, { productId: product.id, warehouseId: msk.id, atp: atpMsk, nextReceiptDate: atpMsk === 0 ? '2026-12-07' : null, nextReceiptQty: atpMsk === 0 ? 40 * f.pack : 0, leadDays: 1 })
          await setStock(tx, { productId: product.id, warehouseId: ekb.id, atp: Math.floor(rnd() * 200) * f.pack, leadDays: 4 })
        }
    }
    const orgs = Object.fromEntries((await tx.select({ id: organisations.id, shortName: organisations.shortName }).from(organisations)).map((o) => [o.shortName, o.id]))
    await createPriceList(tx, { code: 'BASE-2026', name: 'Базовый прайс-лист 2026', assign: { scope: 'global' }, prices: base })
    await createPriceList(tx, { code: 'BASE-2027', name: 'Базовый прайс-лист 2027', validFrom: '2027-01-01', priority: 1, assign: { scope: 'global' }, prices: nextYear })
    await createPriceList(tx, { code: 'PROMO-SUMMER', name: 'Летняя акция', validFrom: '2026-06-01', validTo: '2026-08-31', priority: 10, assign: { scope: 'global' }, prices: promo })
    await createPriceList(tx, { code: 'GOLD', name: 'Золотые партнёры', assign: { scope: 'group', dealerGroup: 'gold' }, prices: gold })
    if (orgs['Вектор']) {
      await createPriceList(tx, { code: 'CONTRACT-VECTOR', name: 'Договор с ООО «Вектор» № 12/2026', validFrom: '2026-01-01', validTo: '2026-12-31', assign: { scope: 'org', orgId: orgs['Вектор'] }, prices: contract })
      await tx.insert(dealerPartNumbers).values(skus.slice(0, 12).map((s, i) => ({ orgId: orgs['Вектор'], productId: s.id, partNumber: `VK-${1000 + i}` })))
    }
    for (const [name, group] of [['Вектор', 'gold'], ['Сибирь Электро', 'gold'], ['Альфа-Дилер', 'silver']] as const)
      if (orgs[name]) await tx.update(organisations).set({ dealerGroup: group }).where(sql`${organisations.id} = ${orgs[name]}`)
    // Delivery terms that differ enough to show each feature: free-freight progress, an order minimum, a
    // mandatory PO number, a buyer's own carrier.
    const terms = [
      ['Вектор', { incoterm: 'DAP', namedPlace: 'Санкт-Петербург, склад покупателя', freightTerms: 'prepaid_add', freightMinor: 350_000, freeFreightMinor: 15_000_000, cutoff: '14:00' }, [['Склад на Обводном', 'Санкт-Петербург, наб. Обводного канала, 118', true], ['Магазин на Гражданском', 'Санкт-Петербург, Гражданский пр., 41', false]]],
      ['Альфа-Дилер', { incoterm: 'FCA', namedPlace: 'Подольск, склад MSK', freightTerms: 'collect', orderMinimumMinor: 5_000_000, poRequired: true, cutoff: '12:00' }, [['Новосибирск, основной склад', 'Новосибирск, ул. Станционная, 60', true]]],
      ['Сибирь Электро', { incoterm: 'CPT', namedPlace: 'Омск', freightTerms: 'prepaid', cutoff: '15:00' }, [['Омск, склад', 'Омск, ул. 10 лет Октября, 219', true]]],
    ] as const
    for (const [name, t, places] of terms) {
      if (!orgs[name]) continue
      await setDeliveryTerms(tx, orgs[name], t)
      for (const [placeName, address, isDefault] of places) await createShipTo(tx, { orgId: orgs[name], name: placeName, address, isDefault })
    }
    return true
  })
}
