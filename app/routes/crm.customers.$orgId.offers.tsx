import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { CustomerPrompts, CustomerRecommendationsTable, type PromptError } from '../modules/crm/components/recommendations'
import { decidePrompt, getCustomerPrompts } from '../modules/crm/prompts.server'
import { PromptDecision } from '../modules/crm/recommendation-schemas'
import { listCustomerRecommendations } from '../modules/crm/recommendations.server'
import { parseForm, readFormData, uuidParam } from '../utils/http.server'

// The customer card's offers tab (issue 15): its recommendations with every figure, the regular-customer prompt
// (accept: a contract price list; decline) and churn risk.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const orgId = uuidParam(params.orgId)
  const [items, prompt] = await Promise.all([
    listCustomerRecommendations({ scope: auth.scope, orgId }),
    getCustomerPrompts({ scope: auth.scope, orgId }),
  ])
  return json({
    items,
    prompt,
    canAccept: can(auth.permissions, 'manage:catalog:any') && can(auth.permissions, 'manage:crm:any'),
    canDecide: can(auth.permissions, 'manage:crm:any'),
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const orgId = uuidParam(params.orgId)
  const submission = parseForm(await readFormData(request), { schema: PromptDecision })
  if (submission.status !== 'success') return json({ error: null as PromptError | null, result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'accept' && !can(auth.permissions, 'manage:catalog:any'))
    return json({ error: 'crm.recommendations.prompt.needsCatalog' as PromptError, result: submission.reply() }, { status: 403 })
  const actor = actorOf(auth, context.clientIp)
  const done = await decidePrompt({ scope: auth.scope, actor, orgId, decision: submission.value.intent === 'accept' ? 'accepted' : 'declined' })
  if (!done.ok) return json({ error: done.error, result: submission.reply() }, { status: 409 })
  return json({ error: null, result: submission.reply() })
}

export default function CustomerOffers() {
  const { items, prompt, canAccept, canDecide } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  return (
    <div>
      <h2>{t('crm.recommendations.prompt.title')}</h2>
      <CustomerPrompts prompt={prompt} decide={canDecide} canAccept={canAccept} error={actionData?.error ?? null} />
      <h2>{t('crm.recommendations.title')}</h2>
      <p className="muted small">{t('crm.recommendations.rule')}</p>
      <CustomerRecommendationsTable items={items} />
    </div>
  )
}
