import { z } from 'zod'
import { emailField, newPasswordField, passwordField, uuidField } from '../../utils/field-schemas'

// The sign-in and account forms, shared by the browser (conform) and the server.

export const LoginSchema = z.object({ email: emailField, password: passwordField, redirectTo: z.string().optional() })

export const ChangePasswordSchema = z
  .object({ currentPassword: passwordField, newPassword: newPasswordField, confirmPassword: passwordField })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'errors.passwordsDiffer' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'errors.passwordUnchanged' })

/** "My sessions": sign out one (by its public id) or all the others. */
export const SessionsIntent = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revoke'), sessionId: z.string().regex(/^[a-z2-7]{24}$/) }),
  z.object({ intent: z.literal('revoke-others') }),
])

/** Another of the user's organisations for this session. */
export const SwitchOrganisationSchema = z.object({ orgId: uuidField })
