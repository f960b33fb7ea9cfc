import type { DbOrTx } from '../../db/client.server'
import {
  contests,
  personalDataConsents,
  sarmBonusProgrammes,
  sarmEvents,
  saleReports,
  serialDeliveries,
  shopAssistants,
  shops,
  trainingQuestions,
  trainings,
  type ContestPrize,
  type EventEligibility,
  type SaleReportStatus,
} from '../../db/schema/sarm'
import { consentTexts } from '../../app/modules/sarm/consent-texts'
import { createMember } from './index'

// Factories for shop assistants (issue 14): the seed, the fixtures and the tests make their rows the same way.

let n = 0

export async function createShop(
  db: DbOrTx,
  o: { orgId: string; code?: string; name?: string; address?: string; region?: string; managerUserId?: string | null },
) {
  n++
  const [shop] = await db
    .insert(shops)
    .values({
      orgId: o.orgId,
      code: o.code ?? `S-${n}-${crypto.randomUUID().slice(0, 4)}`,
      name: o.name ?? `Магазин ${n}`,
      address: o.address ?? `ул. Ленина, ${n}`,
      region: o.region ?? 'Москва',
      managerUserId: o.managerUserId ?? null,
    })
    .returning()
  return shop
}

/** A shop assistant: a person with a login in the dealer (role shop_assistant), on a shop's roster, consent given. */
export async function createAssistant(
  db: DbOrTx,
  o: {
    orgId: string
    shopId: string
    displayName?: string
    email?: string
    startsOn?: string
    endsOn?: string | null
    posCode?: string | null
    status?: 'pending' | 'active' | 'rejected'
    consent?: boolean
  },
) {
  const user = await createMember(db, { id: o.orgId }, 'shop_assistant', { displayName: o.displayName, email: o.email })
  const [roster] = await db
    .insert(shopAssistants)
    .values({
      orgId: o.orgId,
      shopId: o.shopId,
      userId: user.id,
      status: o.status ?? 'active',
      startsOn: o.startsOn ?? '2026-01-01',
      endsOn: o.endsOn ?? null,
      posCode: o.posCode ?? null,
    })
    .returning()
  if (o.consent !== false)
    await db.insert(personalDataConsents).values({
      orgId: o.orgId,
      userId: user.id,
      purpose: 'processing',
      textVersion: consentTexts.processing.version,
      text: consentTexts.processing.ru,
    })
  return { user, roster }
}

export interface SaleRow {
  orgId: string
  shopId: string
  userId: string
  productId: string
  soldOn: string
  qty?: number
  unitPriceMinor?: number
  serial?: string | null
  receiptNo?: string
  customerPhone?: string | null
  status?: SaleReportStatus
  returnedQty?: number
  returnedOn?: string | null
  source?: 'assistant' | 'pos'
}

/** Sale reports in bulk (confirmed unless told), in chunks so a seed of thousands stays one statement per chunk. */
export async function createSaleReports(db: DbOrTx, rows: SaleRow[]) {
  const out: (typeof saleReports.$inferSelect)[] = []
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => {
      n++
      return {
        orgId: r.orgId,
        shopId: r.shopId,
        userId: r.userId,
        productId: r.productId,
        soldOn: r.soldOn,
        qty: r.qty ?? 1,
        unitPriceMinor: r.unitPriceMinor ?? 0,
        serial: r.serial ?? null,
        receiptNo: r.receiptNo ?? `R-${n}`,
        customerPhone: r.customerPhone ?? null,
        status: r.status ?? 'confirmed',
        returnedQty: r.returnedQty ?? 0,
        returnedOn: r.returnedOn ?? null,
        source: r.source ?? 'assistant',
        decidedAt: (r.status ?? 'confirmed') === 'pending' ? null : new Date(),
      }
    })
    out.push(...(await db.insert(saleReports).values(chunk).returning()))
  }
  return out
}

/** Serial numbers the operator delivered to a dealer (what R6 and the report form check a claimed serial against). */
export async function deliverSerials(db: DbOrTx, o: { orgId: string; productId: string; serials: string[]; deliveredOn?: string }) {
  if (!o.serials.length) return
  await db
    .insert(serialDeliveries)
    .values(o.serials.map((serial) => ({ orgId: o.orgId, productId: o.productId, serial, deliveredOn: o.deliveredOn ?? '2026-01-15' })))
}

export async function createBonusProgramme(
  db: DbOrTx,
  o: {
    periodStart: string
    periodEnd: string
    normUnits: number
    rateMinor: number
    capMinor?: number | null
    productIds?: string[]
    categoryIds?: string[]
    orgIds?: string[]
    requiredTrainingId?: string | null
    nameRu?: string
    nameEn?: string
    status?: 'draft' | 'active' | 'closed'
  },
) {
  n++
  const [p] = await db
    .insert(sarmBonusProgrammes)
    .values({
      nameRu: o.nameRu ?? `Бонус ${n}`,
      nameEn: o.nameEn ?? `Bonus ${n}`,
      periodStart: o.periodStart,
      periodEnd: o.periodEnd,
      normUnits: o.normUnits,
      rateMinor: o.rateMinor,
      capMinor: o.capMinor ?? null,
      productIds: o.productIds ?? [],
      categoryIds: o.categoryIds ?? [],
      orgIds: o.orgIds ?? [],
      requiredTrainingId: o.requiredTrainingId ?? null,
      status: o.status ?? 'active',
    })
    .returning()
  return p
}

export async function createContest(
  db: DbOrTx,
  o: {
    periodStart: string
    periodEnd: string
    prizes: ContestPrize[]
    metric?: 'units' | 'revenue'
    improvement?: boolean
    productIds?: string[]
    categoryIds?: string[]
    orgIds?: string[]
    minActiveSellers?: number
    thresholds?: Record<string, number> | null
    status?: 'draft' | 'running' | 'checked' | 'decided'
    nameRu?: string
    nameEn?: string
  },
) {
  n++
  const [c] = await db
    .insert(contests)
    .values({
      nameRu: o.nameRu ?? `Конкурс ${n}`,
      nameEn: o.nameEn ?? `Contest ${n}`,
      rulesRu: 'Побеждают продавцы с наибольшим числом подтверждённых продаж.',
      rulesEn: 'The assistants with the most confirmed sales win.',
      periodStart: o.periodStart,
      periodEnd: o.periodEnd,
      metric: o.metric ?? 'units',
      improvement: o.improvement ?? false,
      productIds: o.productIds ?? [],
      categoryIds: o.categoryIds ?? [],
      orgIds: o.orgIds ?? [],
      prizes: o.prizes,
      minActiveSellers: o.minActiveSellers ?? 3,
      thresholds: o.thresholds ?? null,
      status: o.status ?? 'running',
    })
    .returning()
  return c
}

export async function createTraining(
  db: DbOrTx,
  o: {
    kind: 'online' | 'in_person'
    titleRu?: string
    titleEn?: string
    passMarkPct?: number
    startsAt?: Date | null
    place?: string | null
    capacity?: number | null
    /** Online: questions with the index of the right option. */
    questions?: { textRu: string; textEn: string; options: { ru: string; en: string }[]; correctIndex: number }[]
  },
) {
  n++
  const [t] = await db
    .insert(trainings)
    .values({
      kind: o.kind,
      titleRu: o.titleRu ?? `Обучение ${n}`,
      titleEn: o.titleEn ?? `Training ${n}`,
      materialRu: o.kind === 'online' ? 'Материал курса.' : '',
      materialEn: o.kind === 'online' ? 'Course material.' : '',
      passMarkPct: o.passMarkPct ?? 80,
      startsAt: o.startsAt ?? null,
      place: o.place ?? null,
      capacity: o.capacity ?? null,
    })
    .returning()
  if (o.questions?.length) await db.insert(trainingQuestions).values(o.questions.map((q, i) => ({ trainingId: t.id, position: i + 1, ...q })))
  return t
}

export async function createSarmEvent(
  db: DbOrTx,
  o: {
    kind?: 'tour' | 'event'
    startsAt: Date
    capacity: number
    eligibility?: EventEligibility
    titleRu?: string
    titleEn?: string
    place?: string
  },
) {
  n++
  const [e] = await db
    .insert(sarmEvents)
    .values({
      kind: o.kind ?? 'tour',
      titleRu: o.titleRu ?? `Экскурсия ${n}`,
      titleEn: o.titleEn ?? `Tour ${n}`,
      startsAt: o.startsAt,
      place: o.place ?? 'Завод, Калуга',
      capacity: o.capacity,
      eligibility: o.eligibility ?? { everyone: true },
    })
    .returning()
  return e
}
