// Why a ledger line is held (issue 13), in a file of its own with no database behind it: the ledger pages' forms
// and the desk's checkboxes need the list in the browser, where a `.server` module is empty.
// `concentration` and `claims` are the contest checks' (issue 14): plain words for the dealer, never the figures.
export const holdReasons = ['documents', 'overdue', 'dispute', 'review', 'fraud', 'concentration', 'claims'] as const
export type HoldReason = (typeof holdReasons)[number]
