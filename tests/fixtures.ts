import { db } from '../db/client.server'
import { catalogImports } from '../db/schema'
import { rolesByKind, type OrganisationKind, type Role } from '../app/modules/tenancy/roles'
import { addToCart } from '../app/modules/ordering/mutations.server'
import { grantScope } from '../app/modules/auth/scope.server'
import {
  createCategory,
  createTender,
  createMember,
  createOrder,
  createOrganisation,
  createPriceList,
  createProduct,
  createTaxClass,
  createWarehouse,
  defaultTestPassword,
  setStock,
} from './factories'
import { createBonusProgramme, createContest, createSaleReports, createSarmEvent, createShop, createTraining } from './factories/sarm'
import { personalDataConsents, shopAssistants } from '../db/schema/sarm'
import { createCrmWorld } from './factories/crm'

export type Identity = { role: Role; kind: OrganisationKind; orgId: string; userId: string; email: string; password: string }

/**
 * One organisation of each kind and one person in each role: the cast of the permission matrix.
 * `marker` goes into every text field, for the canary tests.
 */
export async function createWorld(marker = '') {
  const orgs = {} as Record<OrganisationKind, { id: string; shortName: string }>
  const people = {} as Record<Role, Identity>
  for (const kind of Object.keys(rolesByKind) as OrganisationKind[]) {
    const org = await createOrganisation(db, {
      kind,
      shortName: `${kind} ${marker}`.trim(),
      ...(kind === 'supplier' ? { verificationStatus: 'verified' as const } : {}),
    })
    orgs[kind] = org
    for (const role of rolesByKind[kind]) {
      const user = await createMember(db, org, role, { displayName: `${role} ${marker}`.trim() })
      people[role] = { role, kind, orgId: org.id, userId: user.id, email: user.email, password: defaultTestPassword }
    }
  }
  // One product on a global list, so every buyer-side role has a catalog to open.
  const category = await createCategory(db)
  const vat = await createTaxClass(db)
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, nameRu: `Товар ${marker}`.trim() })
  await createPriceList(db, { assign: { scope: 'global' }, prices: { [product.id]: [[1, 100_00]] } })
  const warehouse = await createWarehouse(db, { nameRu: `Склад ${marker}`.trim() })
  await setStock(db, { productId: product.id, warehouseId: warehouse.id, atp: 1000, leadDays: 1 })
  // Each buying organisation has placed an order, and each person who may order has a cart with one line.
  const orders = {} as Record<'dealer' | 'key_account', { id: string; number: string }>
  for (const [kind, role] of [
    ['dealer', 'dealer_buyer'],
    ['key_account', 'account_buyer'],
  ] as const) {
    orders[kind] = await createOrder(db, {
      orgId: orgs[kind].id,
      placedBy: people[role].userId,
      warehouseId: warehouse.id,
      items: [{ productId: product.id, sku: product.sku, qty: 2, unitPriceMinor: 100_00 }],
      poNumber: `PO ${marker}`.trim(),
      comment: `Comment ${marker}`.trim(),
    })
    for (const r of Object.values(people).filter((p) => p.orgId === orgs[kind].id))
      if (r.role.endsWith('admin') || r.role.endsWith('buyer'))
        await addToCart({ scope: grantScope('create:order:org', orgs[kind].id), userId: r.userId, lines: [{ productId: product.id, qty: 1 }] })
  }
  // A catalog import that was rejected, with its report.
  const [catalogImport] = await db
    .insert(catalogImports)
    .values({
      kind: 'stock',
      fileName: `stock ${marker}.csv`.trim(),
      status: 'rejected',
      errors: [{ line: 2, column: 'sku', message: 'import.error.unknownSku' }],
      summary: { total: 1, create: 0, update: 1 },
    })
    .returning()
  // A live tender of the operator's, the supplier invited with the terms accepted.
  const tender = await createTender(db, {
    buyerOrgId: orgs.operator.id,
    suppliers: [orgs.supplier.id],
    title: `Tender ${marker}`.trim(),
    terms: `Terms ${marker}`.trim(),
    lots: [{ item: `Lot ${marker}`.trim() }],
    createdBy: people.procurement_officer.userId,
  })
  // Shop assistants (issue 14): the dealer's shop, managed by its shop manager, the assistant on its roster with a
  // sale waiting for confirmation; a bonus programme, a contest, a training and a tour of the operator's.
  const shop = await createShop(db, {
    orgId: orgs.dealer.id,
    name: `Shop ${marker}`.trim(),
    address: `Address ${marker}`.trim(),
    managerUserId: people.shop_manager.userId,
  })
  await db.insert(shopAssistants).values({ orgId: orgs.dealer.id, shopId: shop.id, userId: people.shop_assistant.userId, startsOn: '2026-01-01' })
  await db.insert(personalDataConsents).values({
    orgId: orgs.dealer.id,
    userId: people.shop_assistant.userId,
    purpose: 'processing',
    textVersion: 'pd-2026-12',
    text: `Consent ${marker}`.trim(),
  })
  const [report] = await createSaleReports(db, [
    {
      orgId: orgs.dealer.id,
      shopId: shop.id,
      userId: people.shop_assistant.userId,
      productId: product.id,
      soldOn: '2026-11-20',
      qty: 2,
      receiptNo: `Receipt ${marker}`.trim(),
      serial: `SN ${marker}`.trim() || null,
      status: 'pending',
    },
  ])
  const bonus = await createBonusProgramme(db, {
    periodStart: '2026-11-01',
    periodEnd: '2026-12-31',
    normUnits: 1,
    rateMinor: 50_00,
    nameRu: `Бонус ${marker}`.trim(),
    nameEn: `Bonus ${marker}`.trim(),
  })
  const contest = await createContest(db, {
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    prizes: [{ rank: 1, amountMinor: 10_000_00 }],
    nameRu: `Конкурс ${marker}`.trim(),
    nameEn: `Contest ${marker}`.trim(),
  })
  const training = await createTraining(db, {
    kind: 'online',
    titleRu: `Обучение ${marker}`.trim(),
    titleEn: `Training ${marker}`.trim(),
    questions: [
      {
        textRu: 'Вопрос?',
        textEn: 'Question?',
        options: [
          { ru: 'Да', en: 'Yes' },
          { ru: 'Нет', en: 'No' },
        ],
        correctIndex: 0,
      },
    ],
  })
  const tour = await createSarmEvent(db, {
    startsAt: new Date('2027-03-01T09:00:00Z'),
    capacity: 10,
    titleRu: `Экскурсия ${marker}`.trim(),
    titleEn: `Tour ${marker}`.trim(),
  })
  const crm = await createCrmWorld(db, {
    operatorId: orgs.operator.id,
    dealerId: orgs.dealer.id,
    keyAccountId: orgs.key_account.id,
    productId: product.id,
    categoryId: category.id,
    people: Object.fromEntries(Object.entries(people).map(([role, p]) => [role, p.userId])),
  })
  return {
    orgs,
    people,
    product,
    orders,
    warehouse,
    catalogImport,
    tender: { id: tender.tender.id, lotId: tender.lots[0].id },
    sarm: { shopId: shop.id, reportId: report.id, bonusId: bonus.id, contestId: contest.id, trainingId: training.id, eventId: tour.id },
    crm,
  }
}
