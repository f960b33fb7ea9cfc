import { z } from 'zod'
import { uuidField } from '../../utils/field-schemas'

// The forms of trainings and events (issue 14), shared by the browser and the server. Messages are catalog keys.

/** Bounds on what one form may carry: a quiz is a handful of questions, an invitation list a room's worth. */
export const MAX_QUESTIONS = 30
export const MAX_OPTIONS = 6
export const MAX_INVITED = 500
export const MAX_CAPACITY = 10_000

const required = (max: number) =>
  z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(max, 'sarm.learning.error.tooLong')
const optional = (max: number) => z.string().trim().max(max, 'sarm.learning.error.tooLong').default('')
const whole = (min: number, max: number) =>
  z
    .string({ required_error: 'errors.required' })
    .trim()
    .regex(/^\d{1,6}$/, 'sarm.learning.error.wholeNumber')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `sarm.learning.error.between|${min}–${max}`)
/** A local date and time as a datetime-local input sends it ("2027-03-01T09:00"), read on the operator's clock. */
const localDateTime = z
  .string({ required_error: 'errors.required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'sarm.learning.error.dateTime')

export const EventInput = z
  .object({
    kind: z.enum(['tour', 'event'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    titleRu: required(200),
    titleEn: required(200),
    descriptionRu: optional(4000),
    descriptionEn: optional(4000),
    startsLocal: localDateTime,
    place: required(300),
    capacity: whole(1, MAX_CAPACITY),
    eligibility: z.enum(['everyone', 'winners', 'tier', 'invited'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    contestIds: z.array(uuidField).max(50).default([]),
    minTierRank: whole(1, 100).optional(),
    /** E-mails, one a line or separated by commas; resolved to people on the server. */
    invited: optional(MAX_INVITED * 120),
  })
  .superRefine((v, ctx) => {
    if (v.eligibility === 'winners' && !v.contestIds.length)
      ctx.addIssue({ code: 'custom', path: ['contestIds'], message: 'sarm.event.error.pickContest' })
    if (v.eligibility === 'tier' && v.minTierRank == null) ctx.addIssue({ code: 'custom', path: ['minTierRank'], message: 'errors.required' })
    if (v.eligibility === 'invited' && !v.invited) ctx.addIssue({ code: 'custom', path: ['invited'], message: 'errors.required' })
  })

export type EventFormInput = z.infer<typeof EventInput>
/** The form's values with what the server resolved: the start as an instant and the invited as people. */
export type EventInput = Omit<EventFormInput, 'startsLocal' | 'invited'> & { startsAt: Date; invitedUserIds: string[] }

/** The e-mails of an invitation list as typed. */
export const splitEmails = (text: string) =>
  [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].slice(0, MAX_INVITED + 1)

const QuestionInput = z.object({
  textRu: required(1000),
  textEn: required(1000),
  /** One option a line, "ru | en"; the right one starts with "*". */
  options: required(MAX_OPTIONS * 420).refine((v) => parseOptions(v) !== null, 'sarm.training.error.options'),
})

export const TrainingInput = z
  .object({
    kind: z.enum(['online', 'in_person'], { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    titleRu: required(200),
    titleEn: required(200),
    descriptionRu: optional(4000),
    descriptionEn: optional(4000),
    materialRu: optional(50_000),
    materialEn: optional(50_000),
    passMarkPct: whole(1, 100).default('80'),
    startsLocal: localDateTime.optional(),
    place: optional(300),
    capacity: whole(1, MAX_CAPACITY).optional(),
    questions: z.array(QuestionInput).max(MAX_QUESTIONS, 'sarm.training.error.tooManyQuestions').default([]),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'in_person') {
      if (!v.startsLocal) ctx.addIssue({ code: 'custom', path: ['startsLocal'], message: 'errors.required' })
      if (!v.place) ctx.addIssue({ code: 'custom', path: ['place'], message: 'errors.required' })
      if (v.capacity == null) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'errors.required' })
    } else {
      if (!v.materialRu || !v.materialEn)
        ctx.addIssue({ code: 'custom', path: [v.materialRu ? 'materialEn' : 'materialRu'], message: 'errors.required' })
      if (!v.questions.length) ctx.addIssue({ code: 'custom', path: ['questions'], message: 'sarm.training.error.noQuestions' })
    }
  })

export type TrainingFormInput = z.infer<typeof TrainingInput>

/**
 * A question's options as the desk types them: one a line, "русский | English", the right one marked with a
 * leading "*". Null unless there are 2–6 options, each in both languages, exactly one marked.
 */
export function parseOptions(text: string): { options: { ru: string; en: string }[]; correctIndex: number } | null {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length < 2 || lines.length > MAX_OPTIONS) return null
  let correctIndex = -1
  const options: { ru: string; en: string }[] = []
  for (const [i, line] of lines.entries()) {
    const marked = line.startsWith('*')
    if (marked) {
      if (correctIndex >= 0) return null
      correctIndex = i
    }
    const [ru, en, extra] = (marked ? line.slice(1) : line).split('|').map((s) => s.trim())
    if (!ru || !en || extra !== undefined) return null
    options.push({ ru, en })
  }
  return correctIndex >= 0 ? { options, correctIndex } : null
}

/** The quiz as answered: one chosen option index per question id. */
export const QuizAnswers = z.record(
  z.string().uuid(),
  z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_OPTIONS - 1),
)
