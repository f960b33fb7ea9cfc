import { z } from 'zod'
import { dayParam, uuidField } from '../../utils/field-schemas'

export const orderStatuses = ['submitted', 'confirmed', 'partly_confirmed', 'partly_shipped', 'shipped', 'delivered', 'cancelled'] as const
export type OrderStatus = (typeof orderStatuses)[number]
export const orderSorts = ['placedAt', 'number', 'status', 'grossMinor', 'requestedDate'] as const

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
  from: dayParam,
  to: dayParam,
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

/** What the desk does with the unconfirmed rest of a line: keep it open for later, or cancel it. */
export const restChoices = ['backorder', 'cancel'] as const
export type RestChoice = (typeof restChoices)[number]

/**
 * Which desk actions an order's status allows (the server checks the same table). A partly shipped order can
 * still be confirmed again: that is how a backordered rest is confirmed or cancelled later.
 */
export const allowedActions: Record<OrderStatus, readonly ('confirm' | 'ship' | 'deliver' | 'cancel')[]> = {
  submitted: ['confirm', 'cancel'],
  confirmed: ['confirm', 'ship', 'cancel'],
  partly_confirmed: ['confirm', 'ship', 'cancel'],
  partly_shipped: ['confirm', 'ship'],
  shipped: ['deliver'],
  delivered: [],
  cancelled: [],
}

/** "Add to cart" from a row of the catalog list; the product page names its product in the URL instead. */
export const AddToCartSchema = z.object({
  intent: z.literal('add-to-cart'),
  productId: uuidField,
  qty: z.string({ required_error: 'qty.not_a_number' }).max(32, 'qty.not_a_number'),
})
