import { z } from 'zod'
import { searchParam, uuidField } from '../../utils/field-schemas'

/** The inbox's URL: which messages, which page. Anything else is dropped, not refused. */
export const InboxQuery = z.object({
  show: z.enum(['all', 'unread']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export const InboxIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: uuidField }),
  z.object({ intent: z.literal('read-all') }),
])

export const OutboxQuery = z.object({
  q: searchParam,
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
