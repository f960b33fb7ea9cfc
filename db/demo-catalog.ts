import { sql } from 'drizzle-orm'
import { withGtinCheckDigit } from '../app/modules/catalog/gtin'
import type { Unit } from '../app/modules/catalog/schemas'
import {
  createCategory,
  createPriceList,
  createProduct,
  createShipTo,
  createTaxClass,
  createWarehouse,
  setDeliveryTerms,
  setStock,
} from '../tests/factories'
import type { Db } from './client.server'
import { dealerPartNumbers, organisations, products } from './schema'

// The demo catalog: electrical goods in eight categories, two warehouses, a base list with tiers, a gold-group
// list, one dealer's contract, an expired promotion and next year's list — enough for every price explanation.

// Every item comes in eight variants (SKU `<family>-<item><variant>`: BRE-0102 is the second variant of the first
// breaker). Variants are what the trade sells: cross-sections, poles and ratings, wattages, sizes. A plain string is
// technical (its English is derived: decimal point, Latin units); a pair gives both languages.
type Variant = string | [string, string]
type Item = [ru: string, en: string, variants: Variant[]]

const families: { code: string; ru: string; en: string; unit: Unit; pack: number; items: Item[]; basePrice: [number, number] }[] = [
  {
    code: 'CABLE',
    ru: 'Кабель и провод',
    en: 'Cable and wire',
    unit: 'm',
    pack: 50,
    basePrice: [40, 900],
    items: [
      ['Кабель ВВГнг-LS', 'Cable VVGng-LS', ['1×1,5', '2×1,5', '3×1,5', '3×2,5', '3×4', '3×6', '5×2,5', '5×4']],
      ['Кабель NYM', 'Cable NYM', ['2×1,5', '3×1,5', '3×2,5', '3×4', '4×1,5', '5×1,5', '5×2,5', '5×4']],
      ['Провод ПуГВ', 'Wire PuGV', ['1×0,75', '1×1', '1×1,5', '1×2,5', '1×4', '1×6', '1×10', '1×16']],
      ['Кабель КГ', 'Flexible cable KG', ['2×1,5', '2×2,5', '3×1,5', '3×2,5', '3×4', '4×2,5', '4×6', '5×4']],
      ['Провод ШВВП', 'Flat cord ShVVP', ['2×0,5', '2×0,75', '2×1', '2×1,5', '2×2,5', '3×0,75', '3×1', '3×1,5']],
    ],
  },
  {
    code: 'BREAKERS',
    ru: 'Автоматические выключатели',
    en: 'Circuit breakers',
    unit: 'pcs',
    pack: 1,
    basePrice: [250, 9000],
    items: [
      [
        'Автоматический выключатель ВА47-29',
        'Circuit breaker VA47-29',
        ['1P 6А C', '1P 10А C', '1P 16А C', '1P 20А C', '1P 25А C', '1P 32А C', '2P 16А C', '3P 25А C'],
      ],
      [
        'Автоматический выключатель ВА47-63',
        'Circuit breaker VA47-63',
        ['1P 16А C', '1P 25А C', '1P 40А C', '1P 63А C', '3P 16А C', '3P 25А C', '3P 40А C', '3P 63А C'],
      ],
      [
        'Дифавтомат АВДТ32',
        'RCBO AVDT32',
        ['1P+N C6 30мА', '1P+N C10 30мА', '1P+N C16 30мА', '1P+N C20 30мА', '1P+N C25 30мА', '1P+N C32 30мА', '1P+N C16 10мА', '1P+N C25 100мА'],
      ],
      [
        'УЗО ВД1-63',
        'RCD VD1-63',
        ['2P 16А 30мА', '2P 25А 30мА', '2P 40А 30мА', '2P 63А 30мА', '4P 25А 30мА', '4P 40А 30мА', '4P 63А 100мА', '2P 40А 10мА'],
      ],
      [
        'Автоматический выключатель ВА88-32',
        'Moulded-case breaker VA88-32',
        ['3P 25А 25кА', '3P 32А 25кА', '3P 40А 25кА', '3P 50А 25кА', '3P 63А 25кА', '3P 80А 25кА', '3P 100А 25кА', '3P 125А 25кА'],
      ],
    ],
  },
  {
    code: 'SOCKETS',
    ru: 'Розетки и выключатели',
    en: 'Sockets and switches',
    unit: 'pcs',
    pack: 10,
    basePrice: [90, 1500],
    items: [
      [
        'Розетка с заземлением',
        'Earthed socket',
        [
          [', белая', ', white'],
          [', слоновая кость', ', ivory'],
          [', антрацит', ', anthracite'],
          [', алюминий', ', aluminium'],
          [' со шторками, белая', ' with shutters, white'],
          [' IP44, белая', ' IP44, white'],
          [' накладная, белая', ', surface-mounted, white'],
          [' накладная IP54, серая', ', surface-mounted IP54, grey'],
        ],
      ],
      [
        'Выключатель одноклавишный',
        'One-gang switch',
        [
          [', белый', ', white'],
          [', слоновая кость', ', ivory'],
          [', антрацит', ', anthracite'],
          [', алюминий', ', aluminium'],
          [' с подсветкой, белый', ', illuminated, white'],
          [' проходной, белый', ', two-way, white'],
          [' накладной, белый', ', surface-mounted, white'],
          [' IP44, белый', ' IP44, white'],
        ],
      ],
      [
        'Выключатель двухклавишный',
        'Two-gang switch',
        [
          [', белый', ', white'],
          [', слоновая кость', ', ivory'],
          [', антрацит', ', anthracite'],
          [', алюминий', ', aluminium'],
          [' с подсветкой, белый', ', illuminated, white'],
          [' проходной, белый', ', two-way, white'],
          [' накладной, белый', ', surface-mounted, white'],
          [' IP44, белый', ' IP44, white'],
        ],
      ],
      [
        'Рамка',
        'Frame',
        [
          [' одноместная, белая', ', 1 gang, white'],
          [' двухместная, белая', ', 2 gang, white'],
          [' трёхместная, белая', ', 3 gang, white'],
          [' четырёхместная, белая', ', 4 gang, white'],
          [' одноместная, антрацит', ', 1 gang, anthracite'],
          [' двухместная, антрацит', ', 2 gang, anthracite'],
          [' трёхместная, алюминий', ', 3 gang, aluminium'],
          [' двухместная горизонтальная, слоновая кость', ', 2 gang horizontal, ivory'],
        ],
      ],
      [
        'Розетка USB',
        'USB socket',
        [
          [' тип A, белая', ' type A, white'],
          [' тип A+C, белая', ' type A+C, white'],
          [' тип A+C, антрацит', ' type A+C, anthracite'],
          [' 2 × тип A, белая', ' 2 × type A, white'],
          [' 2 × тип A, алюминий', ' 2 × type A, aluminium'],
          [' тип A+C, слоновая кость', ' type A+C, ivory'],
          [' с розеткой 230 В, тип A+C, белая', ' with a 230 V socket, type A+C, white'],
          [' с розеткой 230 В, тип A, антрацит', ' with a 230 V socket, type A, anthracite'],
        ],
      ],
    ],
  },
  {
    code: 'LUMINAIRES',
    ru: 'Светильники',
    en: 'Luminaires',
    unit: 'pcs',
    pack: 4,
    basePrice: [600, 14000],
    items: [
      [
        'Светильник светодиодный офисный',
        'LED office luminaire',
        [
          '36 Вт 595×595 4000 К',
          '36 Вт 595×595 6500 К',
          '40 Вт 595×595 4000 К',
          '18 Вт 1200×180 4000 К',
          '36 Вт 1200×180 4000 К',
          ['36 Вт 595×595 4000 К, опал', '36 W 595×595 4000 K, opal'],
          ['40 Вт 595×595 4000 К, призма', '40 W 595×595 4000 K, prismatic'],
          '36 Вт 595×595 4000 К IP40',
        ],
      ],
      [
        'Прожектор светодиодный',
        'LED floodlight',
        [
          '10 Вт IP65',
          '20 Вт IP65',
          '30 Вт IP65',
          '50 Вт IP65',
          '100 Вт IP65',
          '150 Вт IP65',
          '200 Вт IP65',
          ['50 Вт IP65 с датчиком движения', '50 W IP65 with a motion sensor'],
        ],
      ],
      [
        'Светильник пылевлагозащищённый',
        'Dust- and damp-proof luminaire',
        [
          '18 Вт IP65',
          '36 Вт IP65',
          '2×18 Вт IP65',
          '2×36 Вт IP65',
          '20 Вт IP65 600 мм',
          '40 Вт IP65 1200 мм',
          '60 Вт IP65 1500 мм',
          ['36 Вт IP65 с аварийным блоком', '36 W IP65 with an emergency pack'],
        ],
      ],
      [
        'Даунлайт светодиодный',
        'LED downlight',
        ['7 Вт 3000 К', '7 Вт 4000 К', '12 Вт 3000 К', '12 Вт 4000 К', '18 Вт 4000 К', '24 Вт 4000 К', '12 Вт 4000 К IP44', '18 Вт 4000 К IP44'],
      ],
      [
        'Светильник аварийный',
        'Emergency luminaire',
        [
          [' 3 ч, «Выход»', ' 3 h, “Exit”'],
          [' 1 ч, «Выход»', ' 1 h, “Exit”'],
          [' 3 ч, «Аварийный выход»', ' 3 h, “Emergency exit”'],
          [' 3 ч, «Стрелка вправо»', ' 3 h, “Arrow right”'],
          [' 1 ч, постоянного действия', ' 1 h, maintained'],
          [' 3 ч, постоянного действия', ' 3 h, maintained'],
          [' 3 ч IP65', ' 3 h IP65'],
          [' 1 ч IP65', ' 1 h IP65'],
        ],
      ],
    ],
  },
  {
    code: 'LAMPS',
    ru: 'Лампы',
    en: 'Lamps',
    unit: 'pcs',
    pack: 10,
    basePrice: [60, 900],
    items: [
      [
        'Лампа светодиодная A60',
        'LED lamp A60',
        [
          '7 Вт E27 3000 К',
          '7 Вт E27 4000 К',
          '10 Вт E27 3000 К',
          '10 Вт E27 4000 К',
          '13 Вт E27 4000 К',
          '15 Вт E27 4000 К',
          '20 Вт E27 6500 К',
          ['10 Вт E27 4000 К, диммируемая', '10 W E27 4000 K, dimmable'],
        ],
      ],
      [
        'Лампа светодиодная свеча C37',
        'LED candle lamp C37',
        [
          '5 Вт E14 3000 К',
          '5 Вт E14 4000 К',
          '7 Вт E14 3000 К',
          '7 Вт E14 4000 К',
          '7 Вт E27 3000 К',
          '7 Вт E27 4000 К',
          ['5 Вт E14 2700 К, филамент', '5 W E14 2700 K, filament'],
          ['7 Вт E14 4000 К, матовая', '7 W E14 4000 K, frosted'],
        ],
      ],
      [
        'Лампа светодиодная GU10',
        'LED lamp GU10',
        [
          '5 Вт 3000 К',
          '5 Вт 4000 К',
          '7 Вт 3000 К',
          '7 Вт 4000 К',
          '9 Вт 4000 К',
          '5 Вт 3000 К 38°',
          '7 Вт 4000 К 60°',
          ['7 Вт 3000 К, диммируемая', '7 W 3000 K, dimmable'],
        ],
      ],
      [
        'Лампа светодиодная T8',
        'LED tube T8',
        [
          '10 Вт 600 мм 4000 К',
          '10 Вт 600 мм 6500 К',
          '18 Вт 1200 мм 4000 К',
          '18 Вт 1200 мм 6500 К',
          '24 Вт 1500 мм 4000 К',
          ['10 Вт 600 мм 4000 К, матовая', '10 W 600 mm 4000 K, frosted'],
          ['18 Вт 1200 мм 4000 К, матовая', '18 W 1200 mm 4000 K, frosted'],
          '9 Вт 600 мм 3000 К',
        ],
      ],
      [
        'Лампа светодиодная шар G45',
        'LED globe lamp G45',
        [
          '5 Вт E14 3000 К',
          '5 Вт E14 4000 К',
          '7 Вт E14 3000 К',
          '7 Вт E14 4000 К',
          '5 Вт E27 3000 К',
          '7 Вт E27 4000 К',
          ['4 Вт E14 2700 К, филамент', '4 W E14 2700 K, filament'],
          ['7 Вт E27 3000 К, матовая', '7 W E27 3000 K, frosted'],
        ],
      ],
    ],
  },
  {
    code: 'TRUNKING',
    ru: 'Кабель-каналы',
    en: 'Cable trunking',
    unit: 'm',
    pack: 20,
    basePrice: [35, 700],
    items: [
      [
        'Кабель-канал',
        'Cable trunking',
        [
          ['12×12, белый', '12×12, white'],
          ['16×16, белый', '16×16, white'],
          ['20×10, белый', '20×10, white'],
          ['25×16, белый', '25×16, white'],
          ['25×25, белый', '25×25, white'],
          ['40×16, белый', '40×16, white'],
          ['40×25, белый', '40×25, white'],
          ['60×40, белый', '60×40, white'],
        ],
      ],
      ['Короб перфорированный', 'Slotted wiring duct', ['25×25', '25×40', '40×40', '40×60', '60×60', '60×80', '80×80', '100×60']],
      [
        'Труба гофрированная ПВХ',
        'Corrugated PVC conduit',
        [
          '16 мм',
          '20 мм',
          '25 мм',
          '32 мм',
          '40 мм',
          ['16 мм с протяжкой', '16 mm with a draw wire'],
          ['20 мм с протяжкой', '20 mm with a draw wire'],
          ['25 мм с протяжкой', '25 mm with a draw wire'],
        ],
      ],
      [
        'Лоток перфорированный металлический',
        'Perforated metal cable tray',
        ['50×50', '100×50', '150×50', '200×50', '100×100', '200×100', '300×100', '400×100'],
      ],
      [
        'Плинтус кабельный',
        'Skirting trunking',
        [
          ['55 мм, белый', '55 mm, white'],
          ['55 мм, дуб', '55 mm, oak'],
          ['55 мм, орех', '55 mm, walnut'],
          ['70 мм, белый', '70 mm, white'],
          ['70 мм, дуб', '70 mm, oak'],
          ['70 мм, венге', '70 mm, wenge'],
          ['85 мм, белый', '85 mm, white'],
          ['85 мм, дуб', '85 mm, oak'],
        ],
      ],
    ],
  },
  {
    code: 'ENCLOSURES',
    ru: 'Щиты и боксы',
    en: 'Enclosures',
    unit: 'pcs',
    pack: 1,
    basePrice: [900, 30000],
    items: [
      [
        'Щит распределительный встраиваемый ЩРВ',
        'Flush distribution board ShRV',
        [
          '12 модулей IP31',
          '18 модулей IP31',
          '24 модуля IP31',
          '36 модулей IP31',
          '48 модулей IP31',
          '12 модулей IP54',
          '24 модуля IP54',
          '36 модулей IP54',
        ],
      ],
      [
        'Бокс пластиковый КМПн',
        'Plastic modular box KMPn',
        ['2 модуля', '4 модуля', '6 модулей', '8 модулей', '9 модулей', '12 модулей', '18 модулей IP41', '24 модуля IP41'],
      ],
      [
        'Щит учётный ЩУ',
        'Meter cabinet ShU',
        [
          ['однофазный, на 1 счётчик', ', single-phase, 1 meter'],
          ['однофазный, на 2 счётчика', ', single-phase, 2 meters'],
          ['трёхфазный, на 1 счётчик', ', three-phase, 1 meter'],
          ['трёхфазный, на 2 счётчика', ', three-phase, 2 meters'],
          ['однофазный IP54', ', single-phase IP54'],
          ['трёхфазный IP54', ', three-phase IP54'],
          ['однофазный, с окном', ', single-phase, with a window'],
          ['трёхфазный, с окном', ', three-phase, with a window'],
        ],
      ],
      [
        'Корпус металлический ЩМП',
        'Steel enclosure ShMP',
        [
          '300×250×140 IP54',
          '400×300×155 IP54',
          '500×400×180 IP54',
          '600×500×210 IP54',
          '650×500×220 IP54',
          '800×650×250 IP54',
          '1000×650×285 IP54',
          '1200×750×300 IP54',
        ],
      ],
      [
        'Щит навесной ЩРН',
        'Surface distribution board ShRN',
        [
          '9 модулей IP31',
          '12 модулей IP31',
          '18 модулей IP31',
          '24 модуля IP31',
          '36 модулей IP31',
          '48 модулей IP31',
          '12 модулей IP54',
          '24 модуля IP54',
        ],
      ],
    ],
  },
  {
    code: 'TOOLS',
    ru: 'Инструмент',
    en: 'Tools',
    unit: 'pcs',
    pack: 1,
    basePrice: [300, 20000],
    items: [
      [
        'Пресс-клещи',
        'Crimping pliers',
        [
          ['для НШВИ 0,25–6 мм²', 'for ferrules 0.25–6 mm²'],
          ['для НШВИ 0,25–16 мм²', 'for ferrules 0.25–16 mm²'],
          ['для изолированных наконечников 0,5–6 мм²', 'for insulated terminals 0.5–6 mm²'],
          ['для неизолированных наконечников 1,5–10 мм²', 'for bare terminals 1.5–10 mm²'],
          ['для разъёмов RJ45', 'for RJ45 plugs'],
          ['для НШВИ 10–35 мм²', 'for ferrules 10–35 mm²'],
          ['гидравлические 16–300 мм²', ', hydraulic, 16–300 mm²'],
          ['с храповиком 0,5–6 мм²', ', ratcheting, 0.5–6 mm²'],
        ],
      ],
      [
        'Стриппер',
        'Wire stripper',
        [
          ['автоматический 0,2–6 мм²', ', automatic, 0.2–6 mm²'],
          ['автоматический 0,5–10 мм²', ', automatic, 0.5–10 mm²'],
          ['для круглого кабеля 8–28 мм', 'for round cable 8–28 mm'],
          ['для коаксиального кабеля', 'for coaxial cable'],
          ['для витой пары', 'for twisted pair'],
          ['для снятия оболочки 4–16 мм', ', sheath stripper 4–16 mm'],
          ['КСИ 0,5–6 мм²', 'KSI 0.5–6 mm²'],
          ['универсальный 0,2–6 мм²', ', universal, 0.2–6 mm²'],
        ],
      ],
      [
        'Мультиметр цифровой',
        'Digital multimeter',
        ['DT-830B', 'DT-838', 'M890G', 'MS8233D', 'UT33D', 'UT61E', 'MAS838', ['с токовыми клещами DT-266', 'with a clamp, DT-266']],
      ],
      [
        'Индикатор напряжения',
        'Voltage tester',
        [
          ['двухполюсный 12–690 В', ', two-pole, 12–690 V'],
          ['двухполюсный с дисплеем 12–400 В', ', two-pole with a display, 12–400 V'],
          ['бесконтактный 90–1000 В', ', non-contact, 90–1000 V'],
          ['однополюсный 100–500 В', ', single-pole, 100–500 V'],
          ['двухполюсный 6–1000 В', ', two-pole, 6–1000 V'],
          ['бесконтактный с фонарём', ', non-contact with a torch'],
          ['до 1000 В с прозвонкой', 'up to 1000 V with a continuity test'],
          ['до 400 В с прозвонкой', 'up to 400 V with a continuity test'],
        ],
      ],
      [
        'Набор диэлектрических отвёрток',
        'Insulated screwdriver set',
        [
          ['1000 В, 6 шт.', '1000 V, 6 pcs'],
          ['1000 В, 7 шт.', '1000 V, 7 pcs'],
          ['1000 В, 8 шт.', '1000 V, 8 pcs'],
          ['1000 В, 9 шт.', '1000 V, 9 pcs'],
          ['1000 В, 10 шт.', '1000 V, 10 pcs'],
          ['1000 В, 12 шт.', '1000 V, 12 pcs'],
          ['1000 В, со сменными жалами', '1000 V, interchangeable bits'],
          ['1000 В, в сумке, 7 шт.', '1000 V, in a pouch, 7 pcs'],
        ],
      ],
    ],
  },
]

/** The English of a technical variant: decimal point, Latin units (А → A, Вт → W, мм → mm, модулей → modules). */
function technicalEn(v: string) {
  return v
    .replace(/(\d),(\d)/g, '$1.$2')
    .replace(/мА/g, 'mA')
    .replace(/кА/g, 'kA')
    .replace(/(\d)А/g, '$1A')
    .replace(/Вт/g, 'W')
    .replace(/мм/g, 'mm')
    .replace(/ К\b/g, ' K')
    .replace(/(\d) К/g, '$1 K')
    .replace(/модул(ь|я|ей)/g, 'modules')
}

function variantNames(item: Item, index: number): [string, string] {
  const v = item[2][index]
  const [ru, en] = typeof v === 'string' ? [` ${v}`, ` ${technicalEn(v)}`] : v
  const join = (base: string, part: string) => (part.startsWith(',') || part.startsWith(' ') ? `${base}${part}` : `${base} ${part}`)
  return [join(item[0], ru), join(item[1], en)]
}

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
    const vat = await createTaxClass(tx, {
      code: 'VAT-STANDARD',
      nameRu: 'НДС, основная ставка',
      nameEn: 'VAT, standard rate',
      rates: [
        ['2019-01-01', 2000],
        ['2026-01-01', 2200],
      ],
    })
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
      for (const [ii, item] of f.items.entries())
        for (let vi = 0; vi < 8; vi++) {
          const [nameRu, nameEn] = variantNames(item, vi)
          serial++
          const sku = `${f.code.slice(0, 3)}-${String(ii + 1).padStart(2, '0')}${String(vi + 1).padStart(2, '0')}`
          const price = Math.round((f.basePrice[0] + rnd() * (f.basePrice[1] - f.basePrice[0])) * 100)
          const product = await createProduct(tx, {
            sku,
            gtin: withGtinCheckDigit(`460${String(7_000_000 + serial * 7).padStart(9, '0')}`),
            nameRu,
            nameEn,
            descriptionRu: `${f.ru}: ${nameRu}. Соответствует ГОСТ, гарантия 2 года.`,
            descriptionEn: `${f.en}: ${nameEn}. GOST compliant, 2-year warranty.`,
            unit: f.unit,
            packSize: f.pack,
            minQty: f.pack,
            maxQty: f.unit === 'm' ? 10_000 : null,
            categoryId: category.id,
            taxClassId: vat.id,
            attributes: { brand: ['ТехноСнаб', 'IEK', 'EKF', 'Schneider'][serial % 4], ip: /IP\d\d/.exec(nameRu)?.[0] ?? '' },
            active: serial % 41 !== 0,
          })
          skus.push({ id: product.id, sku })
          const t = (k: number) => Math.round((price * k) / 100) * 100 || price
          base[product.id] = [
            [1, price],
            [10 * f.pack, t(0.95)],
            [50 * f.pack, t(0.9)],
          ]
          if (rnd() < 0.6)
            gold[product.id] = [
              [1, t(0.92)],
              [20 * f.pack, t(0.88)],
            ]
          if (serial % 13 === 0) contract[product.id] = [[1, t(0.85)]]
          if (serial % 17 === 0) promo[product.id] = [[1, t(0.8)]]
          if (serial % 5 === 0)
            nextYear[product.id] = [
              [1, t(1.07)],
              [10 * f.pack, t(1.02)],
            ]
          const atpMsk = rnd() < 0.15 ? 0 : Math.floor(rnd() * 60) * f.pack
          await setStock(tx, {
            productId: product.id,
            warehouseId: msk.id,
            atp: atpMsk,
            nextReceiptDate: atpMsk === 0 ? '2026-12-07' : null,
            nextReceiptQty: atpMsk === 0 ? 40 * f.pack : 0,
            leadDays: 1,
          })
          await setStock(tx, { productId: product.id, warehouseId: ekb.id, atp: Math.floor(rnd() * 200) * f.pack, leadDays: 4 })
        }
    }
    const orgs = Object.fromEntries(
      (await tx.select({ id: organisations.id, shortName: organisations.shortName }).from(organisations)).map((o) => [o.shortName, o.id]),
    )
    await createPriceList(tx, { code: 'BASE-2026', name: 'Базовый прайс-лист 2026', assign: { scope: 'global' }, prices: base })
    await createPriceList(tx, {
      code: 'BASE-2027',
      name: 'Базовый прайс-лист 2027',
      validFrom: '2027-01-01',
      priority: 1,
      assign: { scope: 'global' },
      prices: nextYear,
    })
    await createPriceList(tx, {
      code: 'PROMO-SUMMER',
      name: 'Летняя акция',
      validFrom: '2026-06-01',
      validTo: '2026-08-31',
      priority: 10,
      assign: { scope: 'global' },
      prices: promo,
    })
    await createPriceList(tx, { code: 'GOLD', name: 'Золотые партнёры', assign: { scope: 'group', dealerGroup: 'gold' }, prices: gold })
    if (orgs['Вектор']) {
      await createPriceList(tx, {
        code: 'CONTRACT-VECTOR',
        name: 'Договор с ООО «Вектор» № 12/2026',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
        assign: { scope: 'org', orgId: orgs['Вектор'] },
        prices: contract,
      })
      await tx
        .insert(dealerPartNumbers)
        .values(skus.slice(0, 12).map((s, i) => ({ orgId: orgs['Вектор'], productId: s.id, partNumber: `VK-${1000 + i}` })))
    }
    for (const [name, group] of [
      ['Вектор', 'gold'],
      ['Сибирь Электро', 'gold'],
      ['Альфа-Дилер', 'silver'],
    ] as const)
      if (orgs[name])
        await tx
          .update(organisations)
          .set({ dealerGroup: group })
          .where(sql`${organisations.id} = ${orgs[name]}`)
    // Delivery terms that differ enough to show each feature: free-freight progress, an order minimum, a
    // mandatory PO number, a buyer's own carrier.
    const terms = [
      [
        'Вектор',
        {
          incoterm: 'DAP',
          namedPlace: 'Санкт-Петербург, склад покупателя',
          freightTerms: 'prepaid_add',
          freightMinor: 350_000,
          freeFreightMinor: 15_000_000,
          cutoff: '14:00',
        },
        [
          ['Склад на Обводном', 'Санкт-Петербург, наб. Обводного канала, 118', true],
          ['Магазин на Гражданском', 'Санкт-Петербург, Гражданский пр., 41', false],
        ],
      ],
      [
        'Альфа-Дилер',
        {
          incoterm: 'FCA',
          namedPlace: 'Подольск, склад «Москва, Подольск»',
          freightTerms: 'collect',
          orderMinimumMinor: 5_000_000,
          poRequired: true,
          cutoff: '12:00',
        },
        [['Новосибирск, основной склад', 'Новосибирск, ул. Станционная, 60', true]],
      ],
      [
        'Сибирь Электро',
        { incoterm: 'CPT', namedPlace: 'Омск', freightTerms: 'prepaid', cutoff: '15:00' },
        [['Омск, склад', 'Омск, ул. 10 лет Октября, 219', true]],
      ],
    ] as const
    for (const [name, t, places] of terms) {
      if (!orgs[name]) continue
      await setDeliveryTerms(tx, orgs[name], t)
      for (const [placeName, address, isDefault] of places) await createShipTo(tx, { orgId: orgs[name], name: placeName, address, isDefault })
    }
    return true
  })
}
