import type { Entry } from '../index'

// Tiers, criteria, targets and the tier history.
export const tiers = {} satisfies Record<string, Entry>
