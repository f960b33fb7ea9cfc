import type { ActionFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { requirePermission } from '../modules/auth/guards.server'
import { DismissRecommendation } from '../modules/crm/recommendation-schemas'
import { dismissRecommendation } from '../modules/crm/recommendations.server'
import { parseForm, readFormData, safeRedirectPath } from '../utils/http.server'

// The dealer dismisses a recommendation (issue 15): it is never shown to its organisation again.
export async function action({ request }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'update:recommendation:org')
  const form = await readFormData(request)
  const submission = parseForm(form, { schema: DismissRecommendation })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const done = await dismissRecommendation({ scope: auth.scope, userId: auth.user.id, productId: submission.value.productId })
  if (!done) return json({ result: submission.reply({ formErrors: ['crm.recommendations.notFound'] }) }, { status: 404 })
  // A plain form (no JavaScript) goes back where it came from; a fetcher just gets the answer.
  if (request.headers.get('accept')?.includes('text/html'))
    return new Response(null, {
      status: 303,
      headers: {
        location: safeRedirectPath(request.headers.get('referer') ? new URL(request.headers.get('referer')!).pathname : '/catalog', '/catalog'),
      },
    })
  return json({ result: submission.reply(), dismissed: true })
}
