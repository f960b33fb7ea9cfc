import { z } from 'zod'
import { dayField, uuidField } from '../../utils/field-schemas'
import { DIMENSIONS, ITEM_COUNT, SCALE_MAX, SCALE_MIN } from './servqual-items'

// The SERVQUAL forms (issue 15 "SERVQUAL"): staff open a wave for chosen contacts; a contact answers 22 items twice
// and splits 100 points. One schema each, used by the browser and the action.

const title = z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(200, 'errors.tooLong200')

export const WaveSchema = z
  .object({
    titleRu: title,
    titleEn: title,
    opensOn: dayField,
    closesOn: dayField,
    minAnswers: z.coerce
      .number({ invalid_type_error: 'crm.surveys.error.minAnswers' })
      .int('crm.surveys.error.minAnswers')
      .min(2, 'crm.surveys.error.minAnswers')
      .max(1000, 'crm.surveys.error.minAnswers')
      .default(30),
    contactIds: z.array(uuidField, { required_error: 'crm.surveys.error.noContacts' }).min(1, 'crm.surveys.error.noContacts').max(2000),
  })
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'crm.surveys.error.closesBeforeOpens' })
  })
export type WaveInput = z.infer<typeof WaveSchema>

/** Field names: e1…e22 (expectations), p1…p22 (perceptions), w_tangibles… (importance points). */
export const expectationField = (item: number) => `e${item}`
export const perceptionField = (item: number) => `p${item}`
export const importanceField = (d: (typeof DIMENSIONS)[number]) => `w_${d}`

const rating = (message: string) =>
  z.coerce.number({ required_error: message, invalid_type_error: message }).int(message).min(SCALE_MIN, message).max(SCALE_MAX, message)
const points = z.coerce
  .number({ required_error: 'crm.surveys.error.points', invalid_type_error: 'crm.surveys.error.points' })
  .int('crm.surveys.error.points')
  .min(0, 'crm.surveys.error.points')
  .max(100, 'crm.surveys.error.points')

const items = Array.from({ length: ITEM_COUNT }, (_, i) => i + 1)
const shape: Record<string, z.ZodTypeAny> = {}
for (const i of items) {
  shape[expectationField(i)] = rating(`crm.surveys.error.expectation|${i}`)
  shape[perceptionField(i)] = rating(`crm.surveys.error.perception|${i}`)
}
for (const d of DIMENSIONS) shape[importanceField(d)] = points

export const AnswerSchema = z
  .object(shape)
  .superRefine((v, ctx) => {
    const sum = DIMENSIONS.reduce((s, d) => s + (Number(v[importanceField(d)]) || 0), 0)
    if (sum !== 100) ctx.addIssue({ code: 'custom', path: ['importance'], message: `crm.surveys.error.pointsSum|${sum}` })
  })
  .transform((v) => ({
    expectations: items.map((i) => Number(v[expectationField(i)])),
    perceptions: items.map((i) => Number(v[perceptionField(i)])),
    importance: DIMENSIONS.map((d) => Number(v[importanceField(d)])),
  }))
export type AnswerInput = z.infer<typeof AnswerSchema>

export const InvitationParams = z.object({ invitationId: uuidField })
export const WaveParams = z.object({ waveId: uuidField })
