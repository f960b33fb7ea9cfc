import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Notice } from '../components/forms'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import type { AnyScope } from '../modules/auth/scope.server'
import { MessageFilters, MessagesTable } from '../modules/edi/components/edi-bits'
import { Pager } from '../components/pager'
import { sendCatalogDocument } from '../modules/edi/mutations.server'
import { MessageQuery } from '../modules/edi/profile-schemas'
import { getProfile, listMessages } from '../modules/edi/queries.server'
import { getOrganisation } from '../modules/tenancy/queries.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

/** The EDI desk works on key accounts only. */
async function keyAccount(scope: AnyScope, orgId: string) {
  const org = await getOrganisation({ scope, orgId })
  invariantResponse(org && org.kind === 'key_account', 'error.notFound.title', { status: 404 })
  return org
}

// One partner's monitor: its messages by status, ack overdue marked, and the documents staff send on request.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  const org = await keyAccount(scope, uuidParam(params.orgId))
  const query = MessageQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [profile, messages] = [await getProfile({ scope, orgId: org.id }), await listMessages({ scope, orgId: org.id, query })]
  return json({ org: { id: org.id, shortName: org.shortName }, mode: profile?.mode ?? 'test', syntax: profile?.syntax ?? 'edifact', messages })
}

const SendIntent = z.object({ intent: z.enum(['price_catalog', 'inventory_report']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:edi:any')
  const org = await keyAccount(auth.scope, uuidParam(params.orgId))
  const submission = parseForm(await readFormData(request), { schema: SendIntent })
  if (submission.status !== 'success') return json({ sent: null, incomplete: false, result: submission.reply() }, { status: 400 })
  const kind = submission.value.intent
  const sent = await sendCatalogDocument({ scope: auth.scope, actor: actorOf(auth, context.clientIp), orgId: org.id, kind })
  if (!sent.ok) return json({ sent: null, incomplete: true, result: submission.reply() }, { status: 409 })
  return json({ sent: kind, incomplete: false, result: submission.reply() })
}

export default function PartnerMonitorPage() {
  const { org, mode, syntax, messages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const { t } = useT()
  return (
    <section aria-labelledby="monitor-title" className="edi-page">
      <h1 id="monitor-title">{t('edi.monitor.title', { org: org.shortName })}</h1>
      <p className="toolbar">
        <Link to="/desk/edi">{t('edi.desk.back')}</Link>
        <Link to="profile">{t('edi.profile.title', { org: org.shortName })}</Link>
      </p>
      <p>
        <span className={`badge ${mode === 'production' ? 'badge-verified' : 'badge-pending'}`}>{t(`edi.mode.${mode}`)}</span> ·{' '}
        {t(`edi.syntax.${syntax}`)}
      </p>
      {actionData?.sent ? (
        <Notice tone="success">{t(actionData.sent === 'price_catalog' ? 'edi.monitor.sentCatalog' : 'edi.monitor.sentInventory')}</Notice>
      ) : null}
      {actionData?.incomplete ? <Notice tone="warning">{t('edi.monitor.profileIncomplete')}</Notice> : null}
      <Form method="post" className="actions">
        <button type="submit" name="intent" value="price_catalog" disabled={busy}>
          {t('edi.monitor.sendCatalog')}
        </button>
        <button type="submit" name="intent" value="inventory_report" disabled={busy}>
          {t('edi.monitor.sendInventory')}
        </button>
      </Form>
      <MessageFilters csvHref={`/desk/edi/${org.id}/messages.csv`} />
      <p className="muted" aria-live="polite">
        {t('common.count', { count: messages.total })}
      </p>
      <MessagesTable rows={messages.rows} base="/desk/edi/documents" />
      <Pager page={messages.page} pages={messages.pages} />
    </section>
  )
}
