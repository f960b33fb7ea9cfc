import { z } from 'zod'
import { leadSources } from '../../../db/schema/crm'
import { regionField } from '../prm/application-schemas'

// The pipeline's forms (issue 15 "Leads and pipeline"): one schema each, used by the browser and the action.

const text = (max: number) => z.string().trim().max(max, 'crm.pipeline.error.tooLong')
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'crm.pipeline.error.tooLong')
    .optional()
    .transform((v) => (v ? v : null))

export const LeadSchema = z.object({
  companyName: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(300, 'crm.pipeline.error.tooLong'),
  inn: z
    .string()
    .trim()
    .regex(/^(\d{10}|\d{12})$/, 'crm.pipeline.error.inn')
    .optional()
    .transform((v) => v ?? null),
  /** One of the partner programme's region codes (as applications store them), so assignment by region matches. */
  region: regionField.optional().transform((v) => v ?? null),
  contactName: text(200).default(''),
  phone: optionalText(40),
  email: z
    .string()
    .trim()
    .max(254, 'crm.pipeline.error.tooLong')
    .email('errors.email')
    .optional()
    .transform((v) => v ?? null),
  /** Expected amount in whole roubles as typed; stored in kopecks. */
  expectedRub: z.coerce
    .number({ invalid_type_error: 'crm.pipeline.error.number' })
    .int('crm.pipeline.error.number')
    .min(0, 'crm.pipeline.error.number')
    .max(100_000_000_000, 'crm.pipeline.error.number')
    .optional(),
  ownerId: z.string().uuid().optional(),
  notes: text(10_000).default(''),
})
export type LeadInput = z.infer<typeof LeadSchema>

export const MoveSchema = z.object({
  intent: z.literal('move'),
  stageCode: z.string({ required_error: 'errors.required' }).max(40),
  lostReason: optionalText(500),
})

export const AssignSchema = z.object({
  intent: z.literal('assign'),
  ownerId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
})

export const LeadActionSchema = z.discriminatedUnion('intent', [MoveSchema, AssignSchema])

export const RegionOwnerSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('save'),
    region: regionField,
    ownerId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
  }),
  // Removal also takes a region stored as text before the codes, so such a row can still be cleared.
  z.object({
    intent: z.literal('remove'),
    region: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'crm.pipeline.error.tooLong'),
  }),
])

export const PipelineQuery = z.object({
  owner: z.string().uuid().optional().catch(undefined),
  source: z.enum(leadSources).optional().catch(undefined),
  view: z.enum(['board', 'list']).catch('board'),
  sort: z.enum(['company', 'stage', 'expected', 'weighted', 'owner', 'created']).catch('created'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
})
export type PipelineQueryInput = z.infer<typeof PipelineQuery>

/** A calendar day that exists (2024-02-30 matches the pattern, but not the calendar). */
const isRealDay = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
}

export const ReportQuery = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine(isRealDay)
    .optional()
    .catch(undefined),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine(isRealDay)
    .optional()
    .catch(undefined),
})

export const MergeSchema = z.object({
  intent: z.enum(['mergeContacts', 'mergeOrganisations']),
  keptId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
  mergedId: z.string({ required_error: 'errors.required' }).uuid('errors.required'),
})

/** The sources a lead can come from, for the pipeline's filter. */
export const leadSourceList = leadSources
