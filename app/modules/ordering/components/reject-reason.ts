import type { MessageKey } from '../../../i18n'
import type { useT } from '../../../i18n/react'
import type { RejectedLine } from '../order-lines.server'

/** Why a line was refused, in words a buyer can act on (quick order, upload, reorder). */
export function rejectReasonText(t: ReturnType<typeof useT>['t'], r: Omit<RejectedLine, 'lineNos' | 'ref' | 'qtyRaw'>) {
  if (r.reason === 'quantity')
    return `${t(`quick.reason.quantity.${r.quantityRule}` as MessageKey)}${r.suggestion ? ` ${t('quick.suggest', { qty: r.suggestion })}` : ''}`
  if (r.reason === 'out_of_stock') return t('quick.reason.out_of_stock', { available: r.available ?? 0 })
  if (r.reason === 'discontinued') return r.substitute ? t('quick.reason.discontinuedWith', { sku: r.substitute }) : t('quick.reason.discontinued')
  return t(`quick.reason.${r.reason}` as MessageKey)
}
