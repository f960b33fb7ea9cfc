import type { Actor } from '../audit/mutations.server'
import { awardLot, cancelTender, disqualifyBid, extendLot, pauseLot, resumeLot, type ControlError, type ControlResult } from './control.server'
import type { TenderAction } from './schemas'
import { removeLot, scheduleTender, setInvitations, type Buyer, type SetupError, type SetupResult } from './tenders.server'

// The officer's actions on a tender page other than its two forms (header, lot), one function for the page's
// action: each intent to its module function, and the refusal as a typed message key the page shows as it is.

/** Why an action was refused, as the message the officer reads: a setup refusal or a control's. */
export type TenderRefusal = SetupError | `auction.control.${ControlError}`
export type TenderActionResult = { ok: true } | { ok: false; refusal: TenderRefusal; notFound: boolean }

function outcome(r: ControlResult | SetupResult): TenderActionResult {
  if (r.ok) return { ok: true }
  if ('error' in r) return { ok: false, refusal: `auction.control.${r.error}`, notFound: r.error === 'not_found' }
  const [refusal] = Object.values(r.fieldErrors).flat()
  return { ok: false, refusal: refusal ?? 'errors.notFound', notFound: r.notFound }
}

export async function runTenderAction({
  scope,
  buyerOrgId,
  actor,
  tenderId,
  action,
}: Buyer & { actor: Actor; tenderId: string; action: TenderAction }): Promise<TenderActionResult> {
  const on = { scope, buyerOrgId, actor, tenderId }
  switch (action.intent) {
    case 'removeLot':
      return outcome(await removeLot({ ...on, lotId: action.lotId }))
    case 'invite':
      return outcome(await setInvitations({ ...on, supplierOrgIds: action.suppliers }))
    case 'schedule':
    case 'startNow':
      return outcome(await scheduleTender({ ...on, now: action.intent === 'startNow' }))
    case 'cancel':
      return outcome(await cancelTender({ ...on, reason: action.reason }))
    case 'pause':
      return outcome(await pauseLot({ ...on, lotId: action.lotId, reason: action.reason }))
    case 'resume':
      return outcome(await resumeLot({ ...on, lotId: action.lotId }))
    case 'extend':
      return outcome(await extendLot({ ...on, lotId: action.lotId, minutes: action.minutes, reason: action.reason }))
    case 'disqualify':
      return outcome(await disqualifyBid({ ...on, lotId: action.lotId, bidSeq: action.bidSeq, reason: action.reason }))
    case 'award':
      return outcome(
        await awardLot({
          ...on,
          lotId: action.lotId,
          supplierOrgId: action.supplierOrgId,
          reason: action.reason,
          reserveAcknowledged: action.reserveAcknowledged,
        }),
      )
  }
}
