import { z } from 'zod'

export const orderStatuses = ['submitted', 'confirmed', 'partly_shipped', 'shipped', 'delivered', 'cancelled'] as const
export type OrderStatus = (typeof orderStatuses)[number]
export const orderSorts = ['placedAt', 'number', 'status', 'grossMinor', 'requestedDate'] as const

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

// Filters from the URL. Unknown or malformed values are dropped rather than refused: the list always opens.
export const OrderQuery = z.object({
  status: z.enum(orderStatuses).optional().catch(undefined),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  mine: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  sort: z.enum(orderSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type OrderQuery = z.infer<typeof OrderQuery>

/** Which desk actions an order's status allows (the server checks the same table). */
export const allowedActions: Record<OrderStatus, readonly ('confirm' | 'ship' | 'deliver' | 'cancel')[]> = {
  submitted: ['confirm', 'cancel'],
  confirmed: ['confirm', 'ship', 'cancel'],
  partly_shipped: ['ship'],
  shipped: ['deliver'],
  delivered: [],
  cancelled: [],
}
