import { z } from 'zod'
import { emailField, newPasswordField, passwordField, uuidField } from '../../utils/field-schemas'

// The sign-in and account forms, shared by the browser (conform) and the server.

export const LoginSchema = z.object({ email: emailField, password: passwordField, redirectTo: z.string().optional() })

export const ChangePasswordSchema = z
  .object({ currentPassword: passwordField, newPassword: newPasswordField, confirmPassword: passwordField })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordsDiffer' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'errors.passwordUnchanged' })

/** A password set through a one-time link (a new dealer's first admin, issue 13): typed twice. */
export const SetPasswordSchema = z
  .object({ newPassword: newPasswordField, confirmPassword: passwordField })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordsDiffer' })

/** "My sessions": sign out one (by its public id) or all the others. */
export const SessionsIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revoke'), sessionId: z.string().regex(/^[a-z2-7]{24}$/) }),
  z.object({ intent: z.literal('revoke-others') }),
])

/** Another of the user's organisations for this session. */
export const SwitchOrganisationSchema = z.object({ orgId: uuidField })

/** What an API key may do (issue 12). A key carries these, not its creator's role. */
export const apiKeyScopes = ['orders:write', 'orders:read', 'documents:read', 'catalog:read', 'inventory:read'] as const
export type ApiKeyScope = (typeof apiKeyScopes)[number]

/** The account admin's "new API key" form. */
export const CreateApiKeySchema = z.object({
  name: z.string({ required_error: 'errors.required' }).trim().min(1, 'errors.required').max(100, 'errors.tooLong100'),
  scopes: z.array(z.enum(apiKeyScopes), { required_error: 'apiKeys.error.noScope' }).min(1, 'apiKeys.error.noScope').max(apiKeyScopes.length),
  /** A last day of validity (inclusive), or none. */
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.dateInvalid')
    .optional(),
})
export type CreateApiKeyInput = z.infer<typeof CreateApiKeySchema>
