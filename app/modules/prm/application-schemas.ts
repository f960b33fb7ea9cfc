import { z } from 'zod'
import { translate, type Locale } from '../../i18n'
import { emailField, nameField, searchParam, uuidField } from '../../utils/field-schemas'
import { isValidInn, isValidKpp } from '../tenancy/tax-ids'
import { applicationStages } from './application-rules'

// The forms and URLs of onboarding (issue 13): the public application, the desk's steps and list, the applicant's
// acceptance, the one-time password set-up. One schema per form, shared by browser and server (STYLE.md).

/**
 * Regions as ISO 3166-2 codes (a short list of the largest; "other" for the rest): stored on the application and on
 * the organisation it becomes, shown through the catalog (`region.<code>`) in the reader's language.
 */
export const regionCodes = [
  'RU-MOW',
  'RU-MOS',
  'RU-SPE',
  'RU-LEN',
  'RU-NVS',
  'RU-SVE',
  'RU-TA',
  'RU-KDA',
  'RU-NIZ',
  'RU-SAM',
  'RU-ROS',
  'RU-BA',
  'RU-KYA',
  'RU-PER',
  'RU-VOR',
  'RU-CHE',
  'other',
] as const
export type RegionCode = (typeof regionCodes)[number]

/** A form's region: one of the codes, else a field error (CRM and PRM forms alike). */
export const regionField = z.enum(regionCodes, { errorMap: () => ({ message: 'errors.chooseOne' }) })

export const isRegionCode = (v: unknown): v is RegionCode => typeof v === 'string' && (regionCodes as readonly string[]).includes(v)

/** A stored region as the reader names it; a value from before the codes (free text) is shown as it was typed. */
export function regionLabel(locale: Locale, region: string | null | undefined): string {
  if (!region) return ''
  return isRegionCode(region) ? translate(locale, `region.${region}`) : region
}

/** The regions as a select's options, named in the reader's language (the list's order: the largest first). */
export const regionOptions = (locale: Locale) => regionCodes.map((r) => ({ value: r, label: translate(locale, `region.${r}`) }))

/**
 * The code for a region written as text — a code, or a catalog name in either language, case and spaces aside —
 * else null. For text typed before the codes or on forms that still take free text (a deal's end customer).
 */
export function regionCodeOf(text: string | null | undefined): RegionCode | null {
  const key = text?.trim().toLowerCase()
  if (!key) return null
  return (
    regionCodes.find(
      (r) => r.toLowerCase() === key || translate('ru', `region.${r}`).toLowerCase() === key || translate('en', `region.${r}`).toLowerCase() === key,
    ) ?? null
  )
}

/** The consent the form shows, by version: the exact text is stored with the application (152-FZ art. 9). */
export const CONSENT_VERSION = '2026-01'

/** At most this many product interests (the catalog's categories) on one application. */
export const MAX_INTERESTS = 50

const taxId = z
  .string({ required_error: 'errors.required' })
  .trim()
  .max(40, 'errors.tooLong40')
  .transform((v) => v.toUpperCase().replace(/\s+/g, ''))

export const ApplySchema = z
  .object({
    legalName: nameField,
    shortName: nameField,
    inn: taxId.pipe(z.string().min(1, 'errors.required')),
    kpp: taxId.optional().transform((v) => v || undefined),
    region: regionField,
    interests: z.array(uuidField).max(MAX_INTERESTS, 'application.error.tooManyInterests').default([]),
    interestsNote: z.string().trim().max(2000, 'application.error.tooLong2000').optional().default(''),
    contactName: nameField,
    contactEmail: emailField,
    contactPhone: z
      .string({ required_error: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(40, 'errors.tooLong40')
      .regex(/^\+?[\d\s()-]{6,}$/, 'application.error.phone'),
    consent: z
      .boolean({ required_error: 'application.error.consent', invalid_type_error: 'application.error.consent' })
      .refine((v) => v, 'application.error.consent'),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (!isValidInn(o.inn)) issue('inn', 'errors.innInvalid')
    else if (o.inn.length === 10 && !o.kpp) issue('kpp', 'errors.kppRequired')
    else if (o.inn.length === 12 && o.kpp) issue('kpp', 'errors.kppNotForIndividual')
    if (o.kpp && !isValidKpp(o.kpp)) issue('kpp', 'errors.kppInvalid')
  })
export type ApplyInput = z.infer<typeof ApplySchema>

/** The desk's steps on one application. */
export const DeskApplicationIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('check') }),
  z.object({ intent: z.literal('offer') }),
  z.object({ intent: z.literal('activate') }),
  z.object({
    intent: z.literal('reject'),
    reason: z
      .string({ required_error: 'application.error.reasonRequired' })
      .trim()
      .min(1, 'application.error.reasonRequired')
      .max(2000, 'application.error.tooLong2000'),
  }),
])

/** The applicant's one step: accepting the agreement shown on the status page. */
export const AcceptAgreementSchema = z.object({
  intent: z.literal('accept'),
  accept: z
    .boolean({ required_error: 'application.error.acceptRequired', invalid_type_error: 'application.error.acceptRequired' })
    .refine((v) => v, 'application.error.acceptRequired'),
})

export const applicationSorts = ['number', 'createdAt', 'shortName', 'status'] as const

/** The desk list's URL: a stage filter, a search, the sort and page; anything odd is dropped, not refused. */
export const ApplicationListQuery = z.object({
  status: z.enum(applicationStages).optional().catch(undefined),
  q: searchParam,
  sort: z.enum(applicationSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
export type ApplicationListQueryInput = z.infer<typeof ApplicationListQuery>
