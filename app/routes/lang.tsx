import type { ActionFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { z } from 'zod'
import { localeCookieHeader } from '../i18n/locale.server'
import { getAuth } from '../modules/auth/guards.server'
import { setUserLocale } from '../modules/auth/mutations.server'
import { safeRedirectPath, readFormData, parseForm } from '../utils/http.server'

const LanguageSchema = z.object({ locale: z.enum(['ru', 'en']), redirectTo: z.string().optional() })

export const loader = () => redirect('/')

/** Switches the language: a cookie for this browser and, when signed in, the user's saved choice. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await readFormData(request), { schema: LanguageSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const auth = await getAuth(request)
  if (auth) await setUserLocale({ userId: auth.user.id, locale: submission.value.locale })
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { 'Set-Cookie': localeCookieHeader(submission.value.locale) } })
}
