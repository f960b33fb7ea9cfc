import { z } from 'zod'
import { interactionKinds } from '../../../db/schema/crm'

// The customer card's forms (issue 15 "Customer 360"): a contact, an interaction with its next step, a task.
// Every text is bounded; notes up to 10 000 characters (a 100 kB note is a field error, nothing saved).

const text = (max: number, required = false) =>
  required
    ? z.string({ required_error: 'crm.form.required' }).trim().min(1, 'crm.form.required').max(max, `crm.form.tooLong|text:${max}`)
    : z
        .string()
        .trim()
        .max(max, `crm.form.tooLong|text:${max}`)
        .optional()
        .transform((v) => v ?? '')
const day = z
  .string({ required_error: 'crm.form.day' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'crm.form.day')
  // A day the calendar has: JavaScript reads 2024-02-30 as 1 March, PostgreSQL refuses it.
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
  }, 'crm.form.day')

export const NOTES_MAX = 10_000

export const ContactForm = z.object({
  intent: z.literal('contact'),
  contactId: z.string().uuid().optional(),
  fullName: text(200, true),
  position: text(200),
  phone: text(40).refine((p) => !p || /^[+\d\s()\-.]{5,40}$/.test(p), 'crm.form.phone'),
  email: text(254).refine((e) => !e || z.string().email().safeParse(e).success, 'crm.form.email'),
  locale: z.enum(['ru', 'en']).default('ru'),
  consent: z
    .enum(['on'])
    .optional()
    .transform((v) => v === 'on'),
})
export type ContactInput = z.infer<typeof ContactForm>

export const InteractionForm = z
  .object({
    intent: z.literal('interaction'),
    kind: z.enum(interactionKinds, { errorMap: () => ({ message: 'crm.form.kind' }) }),
    contactId: z
      .string()
      .uuid()
      .optional()
      .or(z.literal('').transform(() => undefined)),
    occurredOn: day,
    subject: text(200, true),
    notes: text(NOTES_MAX),
    outcome: text(2000),
    nextStep: text(2000),
    nextStepDue: day.optional().or(z.literal('').transform(() => undefined)),
  })
  .superRefine((v, ctx) => {
    if (v.nextStep && !v.nextStepDue) ctx.addIssue({ code: 'custom', path: ['nextStepDue'], message: 'crm.form.nextStepDue' })
    if (v.nextStepDue && !v.nextStep) ctx.addIssue({ code: 'custom', path: ['nextStep'], message: 'crm.form.nextStep' })
  })
export type InteractionInput = z.infer<typeof InteractionForm>

export const TaskStatusForm = z.object({
  intent: z.literal('task'),
  taskId: z.string().uuid(),
  status: z.enum(['done', 'cancelled', 'open']),
})
