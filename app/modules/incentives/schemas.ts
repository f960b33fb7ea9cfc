import { z } from 'zod'
import type { HoldReason } from './ledger.server'

// Forms of the ledger pages (issue 13).

/**
 * The hold reasons as the browser may know them: a value imported from ledger.server.ts is an empty module in the
 * client build (the classic compiler swaps `.server` files out), so the desk's form and its schema crashed on
 * hydration ("reading 'length'"). The list stays checked against the ledger's own type in both directions.
 */
export const holdReasons = ['documents', 'overdue', 'dispute', 'review', 'fraud'] as const satisfies readonly HoldReason[]
type SameAsLedger = HoldReason extends (typeof holdReasons)[number] ? true : never
export const holdReasonsComplete: SameAsLedger = true
const id = z.string().uuid()
const text = (max: number) => z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(max, 'ledger.form.tooLong')

export const DeskLedgerIntent = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('hold'),
    lineId: id,
    reasons: z.array(z.enum(holdReasons)).min(1, 'errors.required').max(holdReasons.length),
    note: z.string().max(500).optional(),
  }),
  z.object({ intent: z.literal('release'), lineId: id, note: z.string().max(500).optional() }),
  z.object({ intent: z.literal('reverse'), lineId: id, reason: text(500) }),
  z.object({ intent: z.literal('prepare'), lineIds: z.array(id).min(1, 'errors.required').max(5000) }),
])

export const BatchIntent = z.object({ intent: z.enum(['approve', 'paid']) })

export const DisputeIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('answer'), disputeId: id, body: text(2000) }),
  z.object({ intent: z.literal('close'), disputeId: id }),
])

export const LineDisputeForm = z.object({ body: text(2000) })
