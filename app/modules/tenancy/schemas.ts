import { z } from 'zod'
import { emailField, nameField, newPasswordField, searchParam, uuidField } from '../../utils/field-schemas'
import { organisationSorts } from './sorts'
import { checkVatId, isValidInn, isValidKpp } from './tax-ids'
import { organisationKinds, roles, verificationStatuses } from './roles'

const optionalUpper = z
  .string()
  .trim()
  .max(40, 'errors.tooLong40')
  .optional()
  .transform((v) => (v ? v.toUpperCase().replace(/\s+/g, '') : undefined))

export const OrganisationSchema = z
  .object({
    kind: z.enum(organisationKinds, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
    legalName: nameField,
    shortName: nameField,
    country: z
      .string({ required_error: 'errors.required' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'errors.country'),
    inn: optionalUpper,
    kpp: optionalUpper,
    vatId: optionalUpper,
    verificationStatus: z.enum(verificationStatuses, { errorMap: () => ({ message: 'errors.chooseOne' }) }),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (o.country === 'RU') {
      if (!o.inn) issue('inn', 'errors.innRequired')
      else if (!isValidInn(o.inn)) issue('inn', 'errors.innInvalid')
      else if (o.inn.length === 10 && !o.kpp) issue('kpp', 'errors.kppRequired')
      else if (o.inn.length === 12 && o.kpp) issue('kpp', 'errors.kppNotForIndividual')
      if (o.kpp && !isValidKpp(o.kpp)) issue('kpp', 'errors.kppInvalid')
      if (o.vatId) issue('vatId', 'errors.vatIdNotForRu')
    } else {
      if (o.inn) issue('inn', 'errors.innOnlyRu')
      if (o.kpp) issue('kpp', 'errors.innOnlyRu')
      if (!o.vatId) issue('vatId', 'errors.vatIdRequired')
      else {
        const check = checkVatId(o.vatId)
        if (check === 'invalid_format') issue('vatId', 'errors.vatIdFormat')
        else if (check === 'invalid_checksum') issue('vatId', 'errors.vatIdChecksum')
        else if (!o.vatId.startsWith(o.country)) issue('vatId', 'errors.vatIdCountry')
      }
    }
  })
export type OrganisationInput = z.infer<typeof OrganisationSchema>

export const roleField = z.enum(roles as [string, ...string[]], { errorMap: () => ({ message: 'errors.chooseOne' }) })

export const NewUserSchema = z.object({
  email: emailField,
  displayName: nameField,
  password: newPasswordField,
  locale: z.enum(['ru', 'en']).default('ru'),
})

export const NewOrgUserSchema = NewUserSchema.extend({ role: roleField })

export const UpdateUserSchema = z.object({
  displayName: nameField,
  locale: z.enum(['ru', 'en']),
  disabled: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
})

export const SetOrganisationDisabledSchema = z.object({ disabled: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()) })

export const AddMembershipSchema = z.object({ email: emailField, role: roleField })
export const AddMembershipByOrgSchema = z.object({ orgId: uuidField, role: roleField })
export const ChangeRoleSchema = z.object({ userId: uuidField, role: roleField })
export const RemoveMemberSchema = z.object({ userId: uuidField })
export const RemoveMemberByOrgSchema = z.object({ orgId: uuidField })
/** The invited person's answer to one of their invitations. */
export const AnswerInvitationSchema = z.object({ intent: z.enum(['accept', 'decline']), orgId: uuidField })

// List filters from the URL: unknown values are dropped rather than refused, so a stale bookmark still opens.
export const OrganisationListQuery = z.object({
  kind: z.enum(organisationKinds).optional().catch(undefined),
  q: searchParam,
  sort: z.enum(organisationSorts).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
})

export const UserListQuery = z.object({ q: searchParam })
