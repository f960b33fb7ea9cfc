import { z } from 'zod'
import { uuidField } from '../../utils/field-schemas'

// The incentive ledger's forms and filters, shared by the browser and the server. Messages are catalog keys.

/** Why a line is held: each code has its text `ledger.hold.<code>`. */
export const holdReasons = ['overdue_invoice', 'documents_missing', 'under_review', 'return_pending', 'agreement_expired'] as const
export type HoldReason = (typeof holdReasons)[number]

export const ledgerStatuses = ['pending', 'held', 'approved', 'paid', 'reversed'] as const
export type LedgerStatus = (typeof ledgerStatuses)[number]

const note = z.string().trim().max(1000, 'ledger.error.tooLong').default('')

/** The partner manager's actions on one line. */
export const LineActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('hold'),
    lineId: uuidField,
    reasons: z
      .array(z.enum(holdReasons, { errorMap: () => ({ message: 'ledger.error.reasonRequired' }) }))
      .min(1, 'ledger.error.reasonRequired')
      .max(holdReasons.length),
    note,
  }),
  z.object({ intent: z.literal('release'), lineId: uuidField, note }),
  z.object({
    intent: z.literal('reverse'),
    lineId: uuidField,
    reason: z.string({ required_error: 'ledger.error.reasonRequired' }).trim().min(1, 'ledger.error.reasonRequired').max(1000, 'ledger.error.tooLong'),
  }),
])

/** A message of a dispute thread, from either side. */
export const DisputeMessageSchema = z.object({
  intent: z.literal('message'),
  body: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(4000, 'ledger.error.tooLong'),
})

export const DeskDisputeSchema = z.object({
  intent: z.literal('answer'),
  disputeId: uuidField,
  body: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(4000, 'ledger.error.tooLong'),
  close: z.literal('on').optional(),
})

export const ledgerSorts = ['created', 'amount', 'dealer', 'programme', 'period', 'status'] as const

/** The desk's list of lines: filters from the URL, anything odd dropped rather than refused. */
export const LedgerQuery = z.object({
  status: z.enum(ledgerStatuses).optional().catch(undefined),
  orgId: z.string().uuid().optional().catch(undefined),
  programmeId: z.string().uuid().optional().catch(undefined),
  sort: z.enum(ledgerSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type LedgerQuery = z.infer<typeof LedgerQuery>

export const BatchActionSchema = z.discriminatedUnion('intent', [z.object({ intent: z.literal('approve') }), z.object({ intent: z.literal('paid') })])

export const PrepareBatchSchema = z.object({
  intent: z.literal('prepare'),
  programmeId: z.string().uuid('errors.invalidId').optional(),
})
