import { z } from 'zod'
import { dayField, dayParam, uuidField } from '../../utils/field-schemas'

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

/** The most one cart line may hold, as the cart's own quantity field allows. */
export const MAX_LINE_QTY = 1_000_000

/** The cart page's forms: a line's quantity, or its removal. */
export const CartIntent = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('set-qty'),
    productId: uuidField,
    qty: z.coerce
      .number({ invalid_type_error: 'qty.not_a_number', required_error: 'qty.not_a_number' })
      .int('qty.not_whole')
      .min(0, 'errors.notNegative')
      .max(MAX_LINE_QTY, 'errors.tooLarge'),
  }),
  z.object({ intent: z.literal('remove'), productId: uuidField }),
])

/** The checkout form; the order's own rules (dates, minimum, PO) are checked by the server against the cart. */
export const CheckoutSchema = z.object({
  checkoutToken: z.string().uuid('errors.invalidId'),
  seen: z.string().max(500_000).default(''),
  shipToId: z.string().uuid('checkout.error.shipTo').optional(),
  poNumber: z.string().trim().max(50, 'errors.tooLong50').optional(),
  requestedDate: dayField.optional(),
  comment: z.string().trim().max(1000, 'errors.tooLong1000').optional(),
  // Per-line dates arrive as a map by product id; an empty date input means "no date of its own".
  lineDate: z.record(z.string().uuid(), z.union([z.literal(''), dayField]).optional()).optional(),
})

const deskQty = z.coerce
  .number({ invalid_type_error: 'errors.number', required_error: 'errors.required' })
  .int('errors.wholeNumber')
  .min(0, 'errors.notNegative')
  .max(10_000_000, 'errors.tooLarge')
const lineNo = z.coerce.number().int().min(1).max(100_000)

/** The order desk's forms on one order: confirm, ship, deliver, cancel. */
export const DeskSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('confirm'),
    note: z.string().trim().max(500, 'errors.tooLong500').default(''),
    lines: z
      .array(
        z.object({
          lineNo,
          qty: deskQty,
          date: dayField,
          rest: z.enum(restChoices, { errorMap: () => ({ message: 'errors.chooseOne' }) }).optional(),
        }),
      )
      .min(1),
  }),
  z.object({
    intent: z.literal('ship'),
    carrier: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong100'),
    trackingNumber: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong100'),
    lines: z.array(z.object({ lineNo, qty: deskQty })).min(1),
  }),
  z.object({ intent: z.literal('deliver') }),
  z.object({
    intent: z.literal('cancel'),
    reason: z.string({ required_error: 'desk.error.reasonRequired' }).trim().min(3, 'desk.error.reasonRequired').max(500, 'errors.tooLong500'),
  }),
  z.object({
    intent: z.literal('return'),
    reason: z.string({ required_error: 'desk.error.reasonRequired' }).trim().min(3, 'desk.error.reasonRequired').max(500, 'errors.tooLong500'),
    lines: z.array(z.object({ lineNo, qty: deskQty })).min(1),
  }),
])

/** Quick order's box: the pasted lines (the grid's rows and a file travel beside it, read by the server). */
export const QuickOrderSchema = z.object({ lines: z.string().max(500_000, 'quick.tooLong').default('') })
