import type { Entry } from '../index'

// Rebates, the incentive ledger, payout batches and disputes.
export const incentives = {} satisfies Record<string, Entry>
