import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { PromptAttention } from '../modules/crm/components/recommendations'
import { TaskList } from '../modules/crm/components/task-list'
import { TaskStatusForm } from '../modules/crm/customer-schemas'
import { listCustomers } from '../modules/crm/customers.server'
import { listAttentionPrompts } from '../modules/crm/prompts.server'
import { listTasks, setTaskStatus } from '../modules/crm/tasks.server'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// The sales manager's home (issue 15 "Pages"): today's and overdue tasks, and the customers they look after.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const { today } = await businessClock()
  const own = await listCustomers({ scope: auth.scope, ownerId: auth.user.id })
  const names = new Map(own.map((c) => [c.orgId, c.name]))
  // The same customers as the list below (all of them, not only the first 25): an open prompt or churn risk.
  const prompts = (await listAttentionPrompts({ scope: auth.scope, orgIds: own.map((c) => c.orgId) })).map((p) => ({
    ...p,
    name: names.get(p.orgId) ?? '',
  }))
  return json({
    today,
    canEdit: auth.permissions.includes('manage:crm:any'),
    tasks: (await listTasks({ scope: auth.scope, assigneeId: auth.user.id, from: today, to: today, overdue: true })).filter(
      (t) => t.status === 'open',
    ),
    prompts,
    customers: own.slice(0, 25),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: TaskStatusForm })
  if (submission.status !== 'success') return json({ ok: false }, { status: 400 })
  const done = await setTaskStatus({ scope: auth.scope, actor: actorOf(auth, context.clientIp), ...submission.value })
  return json({ ok: done.ok }, { status: done.ok ? 200 : 404 })
}

export default function CrmHome() {
  const { today, canEdit, tasks, prompts, customers } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="crm-home-title">
      <h1 id="crm-home-title">{t('crm.home.title')}</h1>
      <CrmTabs />
      <p className="link-row">
        <Link to="/crm/tasks">{t('crm.home.planner')}</Link>
        <Link to="/crm/segments">{t('crm.home.segments')}</Link>
      </p>
      <section aria-labelledby="home-tasks">
        <h2 id="home-tasks">{t('crm.home.tasks')}</h2>
        {tasks.length ? <TaskList tasks={tasks} today={today} canEdit={canEdit} showCustomer /> : <p>{t('crm.home.noTasks')}</p>}
      </section>
      <section aria-labelledby="home-prompts">
        <h2 id="home-prompts">{t('crm.recommendations.attention.home')}</h2>
        <p className="muted small">{t('crm.recommendations.attention.homeRule')}</p>
        {prompts.length ? (
          prompts.map((p) => <PromptAttention key={p.orgId} orgId={p.orgId} name={p.name} prompt={p} />)
        ) : (
          <p>{t('crm.recommendations.attention.none')}</p>
        )}
      </section>
      <section aria-labelledby="home-customers">
        <h2 id="home-customers">{t('crm.home.customers')}</h2>
        {customers.length === 0 ? (
          <p>{t('crm.home.noCustomers')}</p>
        ) : (
          <ul className="link-list">
            {customers.map((c) => (
              <li key={c.orgId}>
                <Link to={`/crm/customers/${c.orgId}`}>{c.name}</Link> · {formatMoney(locale, c.revenue12mMinor)}
                {c.abc ? ` · ${c.abc}${c.xyz ?? ''}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  )
}
