import { z } from 'zod'
import { dayField, nameField, uuidField } from '../../utils/field-schemas'
import { parseRoubles } from '../../utils/text'

// The tier pages' forms (desk partner page, programme settings, the dealer's certified staff).

const reasonField = z
  .string({ required_error: 'tier.error.reasonRequired' })
  .trim()
  .min(5, 'tier.error.reasonRequired')
  .max(500, 'tier.error.tooLong500')
const optionalDay = z.preprocess((v) => (v === '' || v === undefined ? null : v), dayField.nullable())
const whole = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: 'tier.error.wholeNumber' })
    .int('tier.error.wholeNumber')
    .min(min, 'tier.error.range')
    .max(max, 'tier.error.range')

export const OverrideForm = z.object({
  intent: z.literal('override'),
  tierId: uuidField,
  reason: reasonField,
  until: optionalDay,
})

export const LiftOverrideForm = z.object({ intent: z.literal('lift-override'), reason: reasonField })

export const CertificationForm = z.object({
  intent: z.literal('certification'),
  personName: nameField,
  course: nameField,
  completedOn: dayField,
  expiresOn: optionalDay,
})

export const TargetForm = z.object({
  intent: z.literal('target'),
  periodKind: z.enum(['quarter', 'year'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  year: whole(2020, 2100),
  quarter: z.preprocess((v) => (v === '' || v === undefined ? null : v), whole(1, 4).nullable()),
  metric: z.enum(['revenue', 'units'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  categoryId: z.preprocess((v) => (v === '' || v === undefined ? null : v), uuidField.nullable()),
  /** Roubles for revenue, units for units (converted by the route). */
  target: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : (parseRoubles(v) ?? NaN)) : v),
    z
      .number({ required_error: 'errors.required', invalid_type_error: 'tier.error.wholeNumber' })
      .int('tier.error.wholeNumber')
      .min(1, 'tier.error.range')
      .max(1e13, 'tier.error.range'),
  ),
})

export const EvaluateForm = z.object({ intent: z.literal('evaluate') })

export const PartnerIntent = z.discriminatedUnion('intent', [OverrideForm, LiftOverrideForm, CertificationForm, TargetForm, EvaluateForm])

export const ProgrammeSettingsForm = z.object({
  intent: z.literal('settings'),
  graceMonths: whole(0, 24),
  effectiveLagDays: z.preprocess((v) => (v === '' || v === undefined ? null : v), whole(0, 90).nullable()),
})
export const ProgrammeIntent = z.discriminatedUnion('intent', [ProgrammeSettingsForm, EvaluateForm])
