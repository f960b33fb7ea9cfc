import { z } from 'zod'
import { fromLocalInput } from '../../i18n/format'
import { isBusinessDay } from '../../utils/field-schemas'
import { parseRoubles } from '../../utils/text'
import { reportDisclosures, visibilityPresets, type ReportDisclosure, type VisibilityPreset } from './views'

// Input of the auction room: socket payloads (strict: an amount is an integer number of minor units, never a
// string) and the procurement officer's forms. Messages are catalog keys.

const uuid = z.string().uuid()

export const BidPayload = z
  .object({
    lotId: uuid,
    priceMinor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    clientBidId: z.string().min(1).max(64),
  })
  .strict()

export const WatchPayload = z.object({ tenderId: uuid }).strict()
export const SyncPayload = z.object({ lotId: uuid, afterSeq: z.number().int().min(0).max(10_000_000) }).strict()

const minutes = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'tenders.error.minutes' })
    .int('tenders.error.minutes')
    .min(min, 'tenders.error.minutes')
    .max(max, 'tenders.error.minutes')

/**
 * A local date and time as `datetime-local` sends it ("2026-12-02T15:30"), kept as typed: it is a wall-clock time
 * in the operator's time zone, which only the server knows for certain, so tenders.server.ts turns it into a moment.
 */
const localDateTime = z
  .string({ required_error: 'errors.required' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'tenders.error.dateTime')
  // A real day in the business range (JS would roll 30 February into March; year 0 fails in the database) and a
  // real time; piped, so a malformed value gets one message.
  .pipe(z.string().refine((v) => isBusinessDay(v.slice(0, 10)) && fromLocalInput(v, 'UTC') !== null, 'tenders.error.dateTime'))

/** The tender's header, as the procurement officer edits it while it is a draft. */
export const TenderInput = z.object({
  title: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
  terms: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(5000, 'tenders.error.tooLong5000'),
  visibility: z.enum(visibilityPresets as [VisibilityPreset, ...VisibilityPreset[]], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  // Empty: the report shows what the preset showed during the bidding.
  disclosure: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(reportDisclosures as [ReportDisclosure, ...ReportDisclosure[]], { errorMap: () => ({ message: 'errors.chooseOne' }) }).optional(),
  ),
  startsAt: localDateTime,
  durationMinutes: minutes(1, 7 * 24 * 60),
  staggerMinutes: minutes(0, 24 * 60).default(0),
  softWindowMinutes: minutes(0, 60).default(2),
  softExtensionMinutes: minutes(1, 60).default(2),
  maxExtensions: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.coerce
      .number({ invalid_type_error: 'tenders.error.maxExtensions' })
      .int('tenders.error.maxExtensions')
      .min(0, 'tenders.error.maxExtensions')
      .max(1000, 'tenders.error.maxExtensions')
      .nullable(),
  ),
})
export type TenderInput = z.infer<typeof TenderInput>

/** An amount in roubles as people type it ("250 000,50"), into kopecks; above zero. */
const roubles = (message: string) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      const minor = parseRoubles(v)
      if (minor === null || minor <= 0) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return minor
    })

/** A step: a percent ("0,5 %") or an amount in roubles, as a number; the lot's step kind says which. */
const stepValue = z
  .string({ required_error: 'errors.required' })
  .trim()
  .min(1, 'errors.required')
  .transform((v, ctx) => {
    const hundredths = parseRoubles(v.replace(/%$/, ''))
    if (hundredths === null || hundredths <= 0) {
      ctx.addIssue({ code: 'custom', message: 'tenders.error.step' })
      return z.NEVER
    }
    return hundredths / 100
  })

/** The units a lot is counted in (each has its word, `unit.<u>`). */
export const lotUnits = ['pcs', 'm', 'kg', 'l', 'pack', 'set'] as const

/** One lot. Steps are a percent of the start price (the default, 0.5 % and 5 %) or an amount in roubles. */
export const LotInput = z
  .object({
    item: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200'),
    quantity: z.coerce
      .number({ invalid_type_error: 'tenders.error.quantity' })
      .int('tenders.error.quantity')
      .min(1, 'tenders.error.quantity')
      .max(100_000_000, 'tenders.error.quantity'),
    unit: z.enum(lotUnits, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    startPrice: roubles('tenders.error.price'),
    reserve: z.preprocess((v) => (v === '' ? undefined : v), roubles('tenders.error.price').optional()),
    stepKind: z.enum(['percent', 'amount'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    minStep: stepValue,
    maxStep: stepValue,
  })
  .refine((l) => l.stepKind === 'amount' || l.maxStep <= 100, { path: ['maxStep'], message: 'tenders.error.step' })
  .refine((l) => l.maxStep >= l.minStep, { path: ['maxStep'], message: 'tenders.error.maxBelowMin' })
  .refine((l) => l.reserve === undefined || l.reserve < l.startPrice, { path: ['reserve'], message: 'tenders.error.reserveAboveStart' })
export type LotInput = z.infer<typeof LotInput>

export const ReasonField = z
  .string({ required_error: 'tenders.error.reasonRequired' })
  .trim()
  .min(3, 'tenders.error.reasonRequired')
  .max(500, 'errors.tooLong500')

const lotId = uuid
const optionalReason = z
  .string()
  .trim()
  .max(500, 'errors.tooLong500')
  .optional()
  .transform((v) => v || null)

// The officer's actions on a tender other than editing its header and lots, one per `intent`; the room's forms
// validate with the same member the server parses (components/room.tsx).
const bidSeq = z.coerce.number().int().min(1).max(2_147_483_647)
export const CancelTenderInput = z.object({ intent: z.literal('cancel'), reason: ReasonField })
export const PauseLotInput = z.object({ intent: z.literal('pause'), lotId, reason: optionalReason })
export const ExtendLotInput = z.object({ intent: z.literal('extend'), lotId, minutes: minutes(1, 120), reason: ReasonField })
export const DisqualifyBidInput = z.object({ intent: z.literal('disqualify'), lotId, bidSeq, reason: ReasonField })
export const AwardLotInput = z.object({
  intent: z.literal('award'),
  lotId,
  supplierOrgId: z.string().uuid('errors.chooseOne'),
  reason: optionalReason,
  // Ticked in the confirmation when the price is above the hidden reserve (control.server.ts awardLot).
  reserveAcknowledged: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
})

export const TenderAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('removeLot'), lotId }),
  z.object({ intent: z.literal('invite'), suppliers: z.array(uuid).default([]) }),
  z.object({ intent: z.literal('schedule') }),
  z.object({ intent: z.literal('startNow') }),
  CancelTenderInput,
  PauseLotInput,
  z.object({ intent: z.literal('resume'), lotId }),
  ExtendLotInput,
  DisqualifyBidInput,
  AwardLotInput,
])
export type TenderAction = z.infer<typeof TenderAction>

/**
 * A bid as the bidder types it in the room ("98 500,50" roubles), into integer minor units: the room checks it with
 * this before the confirmation, and the page's HTTPS fallback parses a typed amount with it too.
 */
export const BidAmountInput = z.object({
  amount: z.string({ required_error: 'auction.amountInvalid' }).transform((v, ctx) => {
    const minor = parseRoubles(v)
    if (minor === null || minor <= 0) {
      ctx.addIssue({ code: 'custom', message: 'auction.amountInvalid' })
      return z.NEVER
    }
    return minor
  }),
})
