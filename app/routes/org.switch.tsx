import type { ActionFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { actorOf, requireUser } from '../modules/auth/guards.server'
import { switchOrganisation } from '../modules/auth/mutations.server'
import { SwitchOrganisationSchema } from '../modules/auth/schemas'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

export const loader = () => redirect('/')

/** Makes another of the user's organisations active; an organisation they are not a member of is not found. */
export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireUser(request)
  const submission = parseForm(await readFormData(request), { schema: SwitchOrganisationSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const switched = await switchOrganisation({
    userId: auth.user.id,
    sessionId: auth.session.id,
    orgId: submission.value.orgId,
    actor: actorOf(auth, context.clientIp),
  })
  invariantResponse(switched, 'error.notFound.title', { status: 404 })
  // Home, not the current page: what the previous organisation could open, this one may not.
  return redirect('/')
}
