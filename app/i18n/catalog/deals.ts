import type { Entry } from '../index'

// Deal registration.
export const deals = {} satisfies Record<string, Entry>
