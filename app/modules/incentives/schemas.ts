import { z } from 'zod'
import { holdReasons } from './hold-reasons'

// Forms of the ledger pages (issue 13).

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
