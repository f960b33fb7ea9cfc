// Deal registration's rules, pure (no database): which decision each state allows, when protection ends, how long
// it lasts, how long a deal's special price applies. The server and the desk page read the same table, so a button
// is shown exactly when its action would be accepted. The duplicate check itself runs in the database
// (prm_deal_conflict, migration 0021), because a dealer's request may not read other dealers' registrations.

export const dealStatuses = ['submitted', 'conflict', 'approved', 'rejected', 'expired', 'won', 'lost'] as const
export type DealStatus = (typeof dealStatuses)[number]

export const deskActions = ['approve', 'reject', 'resolve', 'extend', 'won', 'lost'] as const
export type DeskAction = (typeof deskActions)[number]

/**
 * What the partner manager may do in each state. A conflict is resolved (one deal approved, the other rejected)
 * or rejected; an approved deal is extended, won or lost, and expires by itself when its protection ends.
 */
export const allowedDeskActions: Record<DealStatus, readonly DeskAction[]> = {
  submitted: ['approve', 'reject'],
  conflict: ['resolve', 'reject'],
  approved: ['extend', 'won', 'lost'],
  rejected: [],
  expired: [],
  won: [],
  lost: [],
}

export const canDo = (status: DealStatus, action: DeskAction) => allowedDeskActions[status].includes(action)

/** Days of protection a new approval offers: the dealer's tier's, else the programme's, else 90. */
export function defaultProtectionDays({ tierDays, programmeDays }: { tierDays?: number | null; programmeDays?: number | null }) {
  for (const d of [tierDays, programmeDays]) if (typeof d === 'number' && Number.isInteger(d) && d > 0) return d
  return 90
}

/** A calendar day (YYYY-MM-DD) moved by `days`, in UTC arithmetic so no time zone shifts it. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The last protected day of a deal approved on `today` for `days` days (today counts as the first). */
export const protectionEnd = (today: string, days: number) => addDays(today, days - 1)

/** An approved deal whose protection ended before today has expired, whether or not the sweep has run yet. */
export function effectiveStatus(deal: { status: DealStatus; protectedUntil: string | null }, today: string): DealStatus {
  return deal.status === 'approved' && deal.protectedUntil !== null && deal.protectedUntil < today ? 'expired' : deal.status
}

/**
 * The last day a deal's special price applies: its own date, but never beyond the protection (an expired deal
 * gives no price), and never before the first day (a list valid on no day would be misleading).
 */
export function specialPriceUntil({ priceUntil, protectedUntil, from }: { priceUntil: string | null; protectedUntil: string; from: string }) {
  const until = priceUntil && priceUntil < protectedUntil ? priceUntil : protectedUntil
  return until < from ? from : until
}

/** When a deal closes without being won (rejected, lost, expired): its special price ends the day before `today`. */
export const priceEndOnClose = (today: string) => addDays(today, -1)

/** The deal's human reference: D-2026-004211. */
export function dealNumber(year: string | number, n: number) {
  return `D-${year}-${String(n).padStart(6, '0')}`
}

/** Which deal wins when the partner manager resolves a conflict, and what happens to the other one. */
export function resolveConflict(keep: 'this' | 'other', other: { status: DealStatus }) {
  if (keep === 'this')
    return {
      approve: 'this' as const,
      reject: other.status === 'submitted' || other.status === 'conflict' || other.status === 'approved' ? ('other' as const) : null,
    }
  return { approve: other.status === 'submitted' || other.status === 'conflict' ? ('other' as const) : null, reject: 'this' as const }
}
