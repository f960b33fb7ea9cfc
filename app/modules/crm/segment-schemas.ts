import { z } from 'zod'

// The segmentation form (issue 15 "Segmentation"): what a run is computed from. Percentages as people type them
// (80, 95, 10, 25, 10); stored in basis points with the run (db/schema/crm.ts SegmentParams).

const month = z
  .string({ required_error: 'crm.segments.error.month' })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'crm.segments.error.month')
const percent = (max: number) =>
  z.coerce
    .number({ invalid_type_error: 'crm.segments.error.percent' })
    .min(0.1, 'crm.segments.error.percent')
    .max(max, 'crm.segments.error.percent')
    .multipleOf(0.1, 'crm.segments.error.percent')

/** The longest window a run may take: three years (longer windows mix customers that no longer exist). */
export const MAX_WINDOW_MONTHS = 36

export const SegmentForm = z
  .object({
    basis: z.enum(['revenue', 'margin'], { errorMap: () => ({ message: 'crm.segments.error.basis' }) }),
    fromMonth: month,
    toMonth: month,
    cutA: percent(99.9),
    cutB: percent(99.9),
    xCv: percent(500),
    yCv: percent(500),
    seasonal: z
      .enum(['on'])
      .optional()
      .transform((v) => v === 'on'),
    discount: z.coerce
      .number({ invalid_type_error: 'crm.segments.error.discount' })
      .min(0, 'crm.segments.error.discount')
      .max(100, 'crm.segments.error.discount'),
  })
  .superRefine((v, ctx) => {
    if (v.cutA >= v.cutB) ctx.addIssue({ code: 'custom', path: ['cutB'], message: 'crm.segments.error.cutOrder' })
    if (v.xCv >= v.yCv) ctx.addIssue({ code: 'custom', path: ['yCv'], message: 'crm.segments.error.cvOrder' })
    if (v.fromMonth > v.toMonth) ctx.addIssue({ code: 'custom', path: ['toMonth'], message: 'crm.segments.error.windowOrder' })
    const [fy, fm] = v.fromMonth.split('-').map(Number)
    const [ty, tm] = v.toMonth.split('-').map(Number)
    if ((ty - fy) * 12 + (tm - fm) + 1 > MAX_WINDOW_MONTHS)
      ctx.addIssue({ code: 'custom', path: ['fromMonth'], message: 'crm.segments.error.windowLong' })
  })
export type SegmentFormInput = z.infer<typeof SegmentForm>

/** The form's defaults: the last 12 whole months, by margin, 80/95 %, CV 10/25 %, d = 10 %. */
export function segmentDefaults(today: string) {
  const [y, m] = today.split('-').map(Number)
  const at = (k: number) => new Date(Date.UTC(y, m - 1 + k, 1)).toISOString().slice(0, 7)
  return { basis: 'margin' as const, fromMonth: at(-12), toMonth: at(-1), cutA: 80, cutB: 95, xCv: 10, yCv: 25, seasonal: false, discount: 10 }
}
