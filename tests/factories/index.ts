import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import {
  categories,
  invitations,
  lots,
  tenders,
  deliveryTerms,
  ediPartners,
  ediShipToGlns,
  shipToLocations,
  memberships,
  orderEvents,
  orderLines,
  orders,
  organisations,
  priceListAssignments,
  priceLists,
  prices,
  products,
  stockLevels,
  taxClasses,
  taxRates,
  users,
  warehouses,
} from '../../db/schema'
import { hashPassword } from '../../app/modules/auth/password.server'
import { withInnCheckDigits } from '../../app/modules/tenancy/tax-ids'
import { withGtinCheckDigit } from '../../app/modules/catalog/gtin'
import type { OrganisationKind, Role, VerificationStatus } from '../../app/modules/tenancy/roles'

// The factories the demo seed and the tests share (STYLE.md). Each returns what it made.

let sequence = 0
const next = () => ++sequence

/** A valid 10-digit INN, different on every call within a process (and across seeds given `base`). */
export function makeInn(base?: number) {
  const n = base ?? 770_000_000 + (((Date.now() % 100_000) * 1000 + next()) % 99_999_999)
  return withInnCheckDigits(String(n).padStart(9, '0').slice(0, 9))
}

export interface OrganisationOverrides {
  kind?: OrganisationKind
  legalName?: string
  shortName?: string
  country?: string
  inn?: string | null
  kpp?: string | null
  vatId?: string | null
  legalAddress?: string | null
  verificationStatus?: VerificationStatus
  dealerGroup?: string | null
  region?: string | null
}

export async function createOrganisation(db: DbOrTx, o: OrganisationOverrides = {}) {
  const n = next()
  const shortName = o.shortName ?? `Organisation ${n}`
  const country = o.country ?? 'RU'
  const [org] = await db
    .insert(organisations)
    .values({
      kind: o.kind ?? 'dealer',
      shortName,
      legalName: o.legalName ?? `ООО «${shortName}»`,
      country,
      inn: o.inn !== undefined ? o.inn : country === 'RU' ? makeInn() : null,
      kpp: o.kpp !== undefined ? o.kpp : country === 'RU' ? '770101001' : null,
      vatId: o.vatId ?? null,
      legalAddress: o.legalAddress ?? null,
      verificationStatus: o.verificationStatus ?? 'verified',
      dealerGroup: o.dealerGroup ?? null,
      region: o.region ?? null,
    })
    .returning()
  return org
}

// Hashing costs ~17 ms; tests create many users with the same password, so hash each password once.
const hashes = new Map<string, Promise<string>>()
function cachedHash(password: string) {
  let h = hashes.get(password)
  if (!h) {
    h = hashPassword(password)
    hashes.set(password, h)
  }
  return h
}

export const defaultTestPassword = 'correct horse battery staple'

export async function createUser(
  db: DbOrTx,
  o: { email?: string; displayName?: string; password?: string; locale?: 'ru' | 'en'; disabled?: boolean } = {},
) {
  const n = next()
  const password = o.password ?? defaultTestPassword
  const [user] = await db
    .insert(users)
    .values({
      email: (o.email ?? `user${n}.${Date.now().toString(36)}@example.test`).toLowerCase(),
      displayName: o.displayName ?? `User ${n}`,
      locale: o.locale ?? 'ru',
      passwordHash: await cachedHash(password),
      disabledAt: o.disabled ? new Date() : null,
    })
    .returning()
  return { ...user, password }
}

/** A membership, accepted unless `acceptedAt: null` makes it an invitation. */
export async function addMembership(
  db: DbOrTx,
  input: { userId: string; orgId: string; role: Role; acceptedAt?: Date | null; invitedBy?: string; invitedName?: string },
) {
  await db.insert(memberships).values(input)
}

/** A user who is a member of `org` with `role`, in one call. */
export async function createMember(db: DbOrTx, org: { id: string }, role: Role, o: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(db, o)
  await addMembership(db, { userId: user.id, orgId: org.id, role })
  return user
}

export async function countUsers(db: DbOrTx, email: string) {
  return (await db.select({ id: users.id }).from(users).where(eq(users.email, email))).length
}

// ---- catalog and pricing ----

export async function createCategory(db: DbOrTx, o: { code?: string; nameRu?: string; nameEn?: string; sort?: number } = {}) {
  const n = next()
  const [c] = await db
    .insert(categories)
    .values({ code: o.code ?? `CAT-${n}`, nameRu: o.nameRu ?? `Категория ${n}`, nameEn: o.nameEn ?? `Category ${n}`, sort: o.sort ?? n })
    .returning()
  return c
}

/** A VAT class with its dated rates, e.g. [['2019-01-01', 2000], ['2026-01-01', 2200]]. */
export async function createTaxClass(db: DbOrTx, o: { code?: string; nameRu?: string; nameEn?: string; rates?: [string, number][] } = {}) {
  const n = next()
  const [tc] = await db
    .insert(taxClasses)
    .values({ code: o.code ?? `VAT-${n}`, nameRu: o.nameRu ?? 'НДС', nameEn: o.nameEn ?? 'VAT' })
    .returning()
  for (const [validFrom, rateBp] of o.rates ?? [
    ['2019-01-01', 2000],
    ['2026-01-01', 2200],
  ])
    await db.insert(taxRates).values({ taxClassId: tc.id, validFrom, rateBp })
  return tc
}

export async function createProduct(db: DbOrTx, o: { categoryId: string; taxClassId: string } & Partial<typeof products.$inferInsert>) {
  const n = next()
  const [p] = await db
    .insert(products)
    .values({ sku: `SKU-${n}-${Date.now().toString(36)}`, nameRu: `Товар ${n}`, nameEn: `Product ${n}`, ...o })
    .returning()
  return p
}

export async function createWarehouse(db: DbOrTx, o: { code?: string; nameRu?: string; nameEn?: string; city?: string } = {}) {
  const n = next()
  const [w] = await db
    .insert(warehouses)
    .values({ code: o.code ?? `WH-${n}`, nameRu: o.nameRu ?? `Склад ${n}`, nameEn: o.nameEn ?? `Warehouse ${n}`, city: o.city ?? 'Москва' })
    .returning()
  return w
}

export async function setStock(db: DbOrTx, o: typeof stockLevels.$inferInsert) {
  await db
    .insert(stockLevels)
    .values(o)
    .onConflictDoUpdate({ target: [stockLevels.productId, stockLevels.warehouseId], set: o })
}

/** A price list, where it applies, and its prices: `prices` maps productId to tiers ([minQty, kopecks][]). */
export async function createPriceList(
  db: DbOrTx,
  o: {
    code?: string
    name?: string
    currency?: string
    validFrom?: string | null
    validTo?: string | null
    priority?: number
    assign: { scope: 'global' } | { scope: 'group'; dealerGroup: string } | { scope: 'org'; orgId: string }
    prices: Record<string, [number, number][]>
  },
) {
  const n = next()
  const [list] = await db
    .insert(priceLists)
    .values({
      code: o.code ?? `PL-${n}`,
      name: o.name ?? `Price list ${n}`,
      currency: o.currency ?? 'RUB',
      validFrom: o.validFrom ?? null,
      validTo: o.validTo ?? null,
      priority: o.priority ?? 0,
    })
    .returning()
  await db.insert(priceListAssignments).values({
    priceListId: list.id,
    scope: o.assign.scope,
    dealerGroup: o.assign.scope === 'group' ? o.assign.dealerGroup : null,
    orgId: o.assign.scope === 'org' ? o.assign.orgId : null,
  })
  const rows = Object.entries(o.prices).flatMap(([productId, tiers]) =>
    tiers.map(([minQty, unitPriceMinor]) => ({ priceListId: list.id, productId, minQty, unitPriceMinor })),
  )
  for (let i = 0; i < rows.length; i += 500) await db.insert(prices).values(rows.slice(i, i + 500))
  return list
}

/** An organisation's delivery terms; unspecified fields keep the schema's defaults. */
export async function setDeliveryTerms(db: DbOrTx, orgId: string, o: Partial<Omit<typeof deliveryTerms.$inferInsert, 'orgId'>> = {}) {
  const values = { ...o, orgId }
  const { operatorTimeZone } = await import('../../app/utils/clock.server')
  await db
    .insert(deliveryTerms)
    .values({ timeZone: operatorTimeZone, ...values })
    .onConflictDoUpdate({ target: deliveryTerms.orgId, set: values })
}

export async function createShipTo(db: DbOrTx, o: { orgId: string; name?: string; address?: string; isDefault?: boolean }) {
  const n = next()
  const [row] = await db
    .insert(shipToLocations)
    .values({ orgId: o.orgId, name: o.name ?? `Склад ${n}`, address: o.address ?? `Улица ${n}, дом 1`, isDefault: o.isDefault ?? false })
    .returning()
  return row
}

/** An order as checkout would leave it (submitted, one line per item), without going through checkout. */
export async function createOrder(
  db: DbOrTx,
  o: {
    orgId: string
    placedBy: string
    warehouseId: string
    items: { productId: string; sku: string; qty: number; unitPriceMinor: number }[]
    poNumber?: string
    comment?: string
  },
) {
  const n = next()
  const net = o.items.reduce((s, i) => s + i.qty * i.unitPriceMinor, 0)
  const vat = Math.round(net * 0.22)
  const [order] = await db
    .insert(orders)
    .values({
      orgId: o.orgId,
      number: `T-${String(n).padStart(6, '0')}`,
      placedBy: o.placedBy,
      checkoutToken: crypto.randomUUID(),
      poNumber: o.poNumber ?? null,
      comment: o.comment ?? '',
      incoterm: 'DAP',
      namedPlace: '',
      freightTerms: 'prepaid',
      netMinor: net,
      vatMinor: vat,
      grossMinor: net + vat,
    })
    .returning()
  await db.insert(orderLines).values(
    o.items.map((i, k) => ({
      orderId: order.id,
      lineNo: k + 1,
      productId: i.productId,
      sku: i.sku,
      nameRu: i.sku,
      nameEn: i.sku,
      unit: 'pcs',
      qty: i.qty,
      unitPriceMinor: i.unitPriceMinor,
      netMinor: i.qty * i.unitPriceMinor,
      vatBp: 2200,
      vatMinor: Math.round(i.qty * i.unitPriceMinor * 0.22),
      priceListName: 'Test list',
      priceTrace: [],
      warehouseId: o.warehouseId,
      earliestDate: '2026-12-15',
    })),
  )
  await db.insert(orderEvents).values({ orderId: order.id, status: 'submitted', kind: 'placed', actorId: o.placedBy })
  return order
}

export interface TenderOverrides {
  buyerOrgId: string
  title?: string
  /** Invited suppliers; `accepted` (default true) says they accepted the terms. */
  suppliers: string[]
  accepted?: boolean
  status?: 'draft' | 'scheduled' | 'live' | 'closed'
  visibility?: 'rank' | 'rank_best' | 'full'
  /** Milliseconds from the database's now: negative means it already started. */
  startsInMs?: number
  durationMs?: number
  staggerMs?: number
  softWindowMs?: number
  softExtensionMs?: number
  maxExtensions?: number | null
  terms?: string
  createdBy?: string | null
  lots?: {
    item?: string
    quantity?: number
    unit?: string
    startPriceMinor?: number
    reserveMinor?: number | null
    minStepMinor?: number
    maxStepMinor?: number
  }[]
}

/**
 * A tender with its lots and invitations. Lot times come from the database clock (the auction's only clock): lot i
 * runs from startsInMs for durationMs + i × staggerMs. A 'live' tender's lots are live; a 'scheduled' one's wait
 * for the auction clock to open them.
 */
export async function createTender(db: DbOrTx, o: TenderOverrides) {
  const status = o.status ?? 'live'
  const startsInMs = o.startsInMs ?? (status === 'live' ? -60_000 : 3_600_000)
  const durationMs = o.durationMs ?? 600_000
  const staggerMs = o.staggerMs ?? 0
  const at = (ms: number) => sql`clock_timestamp() + ${`${ms} milliseconds`}::interval`
  const [tender] = await db
    .insert(tenders)
    .values({
      buyerOrgId: o.buyerOrgId,
      title: o.title ?? `Tender ${next()}`,
      status,
      visibility: o.visibility ?? 'rank',
      startsAt: at(startsInMs),
      durationMs,
      staggerMs,
      softWindowMs: o.softWindowMs ?? 120_000,
      softExtensionMs: o.softExtensionMs ?? 120_000,
      maxExtensions: o.maxExtensions ?? null,
      terms: o.terms ?? 'Prices exclude VAT. Delivery DAP Moscow within 30 days of the award.',
      createdBy: o.createdBy ?? null,
    })
    .returning()
  const lotInputs = o.lots ?? [{}]
  const lotRows = []
  for (const [i, l] of lotInputs.entries()) {
    const [lot] = await db
      .insert(lots)
      .values({
        tenderId: tender.id,
        lineNo: i + 1,
        item: l.item ?? `Item ${i + 1}`,
        quantity: l.quantity ?? 1000,
        unit: l.unit ?? 'pcs',
        startPriceMinor: l.startPriceMinor ?? 100_000_00,
        reserveMinor: l.reserveMinor ?? null,
        minStepMinor: l.minStepMinor ?? 500_00,
        maxStepMinor: l.maxStepMinor ?? 5_000_00,
        status: status === 'draft' ? 'scheduled' : status,
        startsAt: at(startsInMs),
        endsAt: at(startsInMs + durationMs + i * staggerMs),
      })
      .returning()
    lotRows.push(lot)
  }
  if (o.suppliers.length)
    await db
      .insert(invitations)
      .values(o.suppliers.map((supplierOrgId) => ({ tenderId: tender.id, supplierOrgId, acceptedTermsAt: o.accepted === false ? null : new Date() })))
  return { tender, lots: lotRows }
}

/**
 * An order placed through the real cart and checkout functions, as the checkout page places it (priced, dated,
 * stock reserved): for tests of what happens to an order afterwards.
 */
export async function placeCartOrder(input: { orgId: string; userId: string; lines: { productId: string; qty: number }[] }) {
  const [{ addToCart, placeOrder }, { evaluateCart }, { businessClock }, { grantScope }] = await Promise.all([
    import('../../app/modules/ordering/mutations.server'),
    import('../../app/modules/ordering/queries.server'),
    import('../../app/utils/clock.server'),
    import('../../app/modules/auth/scope.server'),
  ])
  const scope = grantScope('create:order:org', input.orgId)
  await addToCart({ scope, userId: input.userId, lines: input.lines })
  const { today, now } = await businessClock()
  const cart = await evaluateCart({ scope, userId: input.userId, today, now })
  const placed = await placeOrder({
    scope,
    actor: { userId: input.userId, email: null, ip: null },
    input: { checkoutToken: crypto.randomUUID(), seen: cart.fingerprint, lineDates: {} },
  })
  if (placed.status !== 'placed') throw new Error(`not placed: ${JSON.stringify(placed)}`)
  return placed
}

/**
 * An API key of a key account, issued through the real function (only its hash is stored): returns the token a
 * client sends as `Authorization: Bearer`.
 */
export async function createApiKey(input: { orgId: string; userId: string; scopes?: string[]; name?: string; expiresOn?: string }) {
  const [{ createApiKey: issue }, { grantScope }] = await Promise.all([
    import('../../app/modules/auth/mutations.server'),
    import('../../app/modules/auth/scope.server'),
  ])
  const { apiKeyScopes } = await import('../../app/modules/auth/schemas')
  return issue({
    scope: grantScope('manage:api_key:org', input.orgId),
    actor: { userId: input.userId, email: null, ip: null },
    input: {
      name: input.name ?? `key ${next()}`,
      scopes: (input.scopes ?? [...apiKeyScopes]) as (typeof apiKeyScopes)[number][],
      expiresOn: input.expiresOn,
    },
  })
}

/** A trading-partner profile for a key account (GLNs made up and unique per call unless given). */
export async function createEdiPartner(db: DbOrTx, orgId: string, o: Partial<Omit<typeof ediPartners.$inferInsert, 'orgId'>> = {}) {
  const n = String(next() % 10_000).padStart(4, '0')
  const [partner] = await db
    .insert(ediPartners)
    .values({ orgId, partnerGln: withGtinCheckDigit(`46012340${n}`), ourGln: withGtinCheckDigit(`46070000${n}`), mode: 'production', ...o })
    .returning()
  return partner
}

/** NAD+DP GLN → ship-to address of the account. */
export async function mapShipToGln(db: DbOrTx, o: { orgId: string; gln: string; shipToId: string; blocked?: boolean }) {
  await db.insert(ediShipToGlns).values(o)
}

// Partner programmes (issue 13), one file per part.
export * from './prm-onboarding'
export * from './prm-tiers'
export * from './prm-deals'
export * from './prm-rebates'
export * from './prm-payouts'
