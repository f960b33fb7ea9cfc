import { logger } from '../../utils/logger.server'
import { tick } from './control.server'
import { buyerEvents, buyerView, loadLots, supplierEvents, supplierView } from './views.server'
import type { BuyerLotView, LotPush, SupplierLotView } from './views'

// The auction module's change feed, for the realtime layer: something happened to a lot (a bid, a buyer action,
// the open or the close) — modules publish the lot id after their transaction commits — and the lot as each
// audience sees it then. Background work: it takes no scope; each view is built for the audience it is sent to.

export { onLotChanged } from './lot-events.server'
export { forgetAdmissions } from './room.server'

/** A lot after a change: the buyer's view and each invited supplier's own, built when sent. */
export interface LotChange {
  lotId: string
  seq: number
  /** The invited supplier organisations: each gets its own view, in its own room. */
  invited: string[]
  buyer: (afterSeq: number) => LotPush<BuyerLotView>
  supplier: (orgId: string, afterSeq: number) => LotPush<SupplierLotView>
}

/** Reads a lot once for a push; `recentBids` bounds the buyer's bid log in it (views.server.ts buyerView). */
export async function readLotChange(lotId: string, o: { recentBids: number }): Promise<LotChange | null> {
  const [state] = await loadLots([lotId], null)
  if (!state) return null
  return {
    lotId,
    seq: state.lot.seq,
    invited: state.invited,
    buyer: (afterSeq) => ({ view: buyerView(state, { recentBids: o.recentBids }), events: buyerEvents(state, afterSeq) }),
    supplier: (orgId, afterSeq) => ({ view: supplierView(state, orgId), events: supplierEvents(state, orgId, afterSeq) }),
  }
}

/**
 * Every node runs this clock: it opens lots whose start has come and closes lots whose end has passed. Several
 * nodes firing at once is harmless, since each change is a compare-and-set on the lot row and one of them wins.
 * A bid after the end is refused by its own statement whatever this clock does; the clock only makes the close
 * visible (within a tick) and settles the tender.
 */
export function startAuctionClock(everyMs = 250) {
  let running = false
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped) return
    running = true
    tick()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'auction clock tick failed'))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    // Let a tick in flight finish before the database closes under it.
    while (running) await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
