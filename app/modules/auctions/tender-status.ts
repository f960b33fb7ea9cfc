import type { LotStatus } from './views'

// What a tender's status is, said the same way to the officer and the supplier, on lists, on the tender page and
// live in the room: it follows the tender's lots. The stored status lags them (the clock settles it when a lot
// opens or closes, and a page loaded before that keeps what it read), so nothing shown to a person reads it alone.

export type TenderStatus = 'draft' | 'scheduled' | 'live' | 'closed' | 'awarded' | 'cancelled'

export interface LotProgress {
  status: LotStatus
  awarded: boolean
}

export function tenderStatusOf(stored: TenderStatus, lots: readonly LotProgress[]): TenderStatus {
  // A draft has no running lots yet; a cancelled tender stays cancelled whatever its awarded lots are.
  if (stored === 'draft' || stored === 'cancelled' || !lots.length) return stored
  if (lots.some((l) => l.status === 'live' || l.status === 'paused')) return 'live'
  const finished = lots.filter((l) => l.status === 'closed' || l.status === 'cancelled')
  if (finished.length === lots.length) {
    const closed = lots.filter((l) => l.status === 'closed')
    if (!closed.length) return 'cancelled'
    return closed.every((l) => l.awarded) ? 'awarded' : 'closed'
  }
  // Some lots still to open: live once any has run, otherwise still scheduled.
  return finished.length ? 'live' : 'scheduled'
}

/** Who is invited may change until the bidding starts: while a draft or scheduled. */
export function invitationsOpen(stored: TenderStatus) {
  return stored === 'draft' || stored === 'scheduled'
}
