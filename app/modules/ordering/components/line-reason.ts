import type { MessageKey, Params } from '../../../i18n'
import type { LineReason } from '../line-verdict'

type Translate = (key: MessageKey, params?: Params) => string

/** The words for each reason of the one order-line evaluator (line-verdict.ts), the same on every page. */
const reasonKeys: Record<LineReason, MessageKey> = {
  unknown: 'quick.reason.unknown',
  not_in_assortment: 'quick.reason.not_in_assortment',
  discontinued: 'quick.reason.discontinued',
  not_a_number: 'quick.reason.quantity.not_a_number',
  not_whole: 'quick.reason.quantity.not_whole',
  not_positive: 'quick.reason.quantity.not_positive',
  min: 'quick.reason.quantity.min',
  increment: 'quick.reason.quantity.increment',
  max: 'quick.reason.quantity.max',
  out_of_stock: 'quick.reason.out_of_stock',
  unreadable: 'quick.reason.unreadable',
  formula: 'quick.reason.formula',
}

/** What checkout says about a line whose verdict changed since the buyer saw the cart. */
export const changedReasonKeys: Record<LineReason, MessageKey> = {
  unknown: 'checkout.change.problem.no_price',
  not_in_assortment: 'checkout.change.problem.no_price',
  discontinued: 'checkout.change.problem.discontinued',
  not_a_number: 'checkout.change.problem.quantity',
  not_whole: 'checkout.change.problem.quantity',
  not_positive: 'checkout.change.problem.quantity',
  min: 'checkout.change.problem.quantity',
  increment: 'checkout.change.problem.quantity',
  max: 'checkout.change.problem.quantity',
  out_of_stock: 'checkout.change.problem.out_of_stock',
  unreadable: 'checkout.change.problem.quantity',
  formula: 'checkout.change.problem.quantity',
}

const quantityReasons: readonly LineReason[] = ['not_a_number', 'not_whole', 'not_positive', 'min', 'increment', 'max']

/** Why a line cannot be ordered as it is, in words a buyer can act on (quick order, upload, reorder, the cart). */
export function lineReasonText(t: Translate, r: { reason: LineReason; suggestion?: number | null; substitute?: string | null; available?: number }) {
  if (r.reason === 'discontinued' && r.substitute) return t('quick.reason.discontinuedWith', { sku: r.substitute })
  if (r.reason === 'out_of_stock') return t('quick.reason.out_of_stock', { available: r.available ?? 0 })
  const text = t(reasonKeys[r.reason])
  return quantityReasons.includes(r.reason) && r.suggestion ? `${text} ${t('quick.suggest', { qty: r.suggestion })}` : text
}
