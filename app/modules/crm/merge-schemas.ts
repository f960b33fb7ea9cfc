import { z } from 'zod'

// The duplicates page's merge form (issue 15 "Data integrity"): one pair, which of the two survives, and a ticked
// confirmation; the browser and the action parse it with the same schema.

export const mergeKinds = ['contact', 'organisation'] as const

export const MergeSchema = z.object({
  kind: z.enum(mergeKinds, { errorMap: () => ({ message: 'errors.required' }) }),
  aId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
  bId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
  keep: z.enum(['a', 'b'], { errorMap: () => ({ message: 'crm.merge.error.chooseKept' }) }),
  confirm: z.literal('on', { errorMap: () => ({ message: 'crm.merge.error.confirm' }) }),
})
export type MergeInput = z.infer<typeof MergeSchema>

/** The form's id on the page: one form per pair, so the action's reply goes back to the form that sent it. */
export const mergeFormId = (v: { kind: string; aId: string; bId: string }) => `merge-${v.kind}-${v.aId}-${v.bId}`

export const DuplicatesQuery = z.object({
  sort: z.enum(['name', 'reason']).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
})
export type DuplicatesQueryInput = z.infer<typeof DuplicatesQuery>
