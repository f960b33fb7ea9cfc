import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { SubmissionResult } from '@conform-to/react'
import { z } from 'zod'
import { Notice } from '../components/forms'
import { env } from '../env.server'
import { isMessageKey, translate } from '../i18n'
import { formatDateTime, formatDay, formatMoney } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { can, type Permission } from '../modules/auth/permissions'
import { ContactFormView, InteractionFormView } from '../modules/crm/components/customer-forms'
import { TaskList } from '../modules/crm/components/task-list'
import { ContactForm, InteractionForm, TaskStatusForm } from '../modules/crm/customer-schemas'
import {
  assignOwner,
  customerTimeline,
  type TimelineKind,
  getOwner,
  listContacts,
  listCrmStaff,
  logInteraction,
  saveContact,
} from '../modules/crm/customers.server'
import { getCustomerHeader } from '../modules/crm/customer-header.server'
import { segmentOf } from '../modules/crm/segments.server'
import { listTasks, setTaskStatus } from '../modules/crm/tasks.server'
import { businessClock } from '../utils/clock.server'
import { invariantResponse, parseForm, readFormData, uuidParam } from '../utils/http.server'

// The customer card's overview (issue 15 "Customer 360"): its owner and class, its people, the log of what was said
// with the next step as a task, the open tasks, and one timeline of what the portal knows about it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const orgId = uuidParam(params.orgId)
  invariantResponse(await getCustomerHeader({ scope: auth.scope, orgId }), 'error.notFound.title', { status: 404 })
  const locale = resolveLocale(request, auth.user.locale)
  const tz = env.OPERATOR_TIME_ZONE
  const { today } = await businessClock()
  const segment = await segmentOf({ orgId })
  const contacts = await listContacts({ scope: auth.scope, orgId })
  return json({
    orgId,
    today,
    canEdit: auth.permissions.includes('manage:crm:any'),
    owner: await getOwner({ scope: auth.scope, orgId }),
    staff: await listCrmStaff(),
    classText: segment
      ? translate(locale, 'crm.card.class', {
          abc: segment.member.abc ?? '—',
          xyz: segment.member.xyz ?? '',
          clv: segment.member.clvMinor === null ? '—' : formatMoney(locale, segment.member.clvMinor),
        })
      : null,
    contacts: contacts.map((c) => ({
      ...c,
      changed: translate(locale, 'crm.card.contact.changed', { who: c.updatedByName ?? '—', at: formatDateTime(locale, c.updatedAt, tz) }),
      consentText: c.consent
        ? translate(locale, 'crm.card.contact.consentYes', { at: formatDateTime(locale, c.consentGivenAt!, tz) })
        : translate(locale, 'crm.card.contact.consentNo'),
    })),
    tasks: await listTasks({ scope: auth.scope, orgId, from: today, to: '2999-12-31', overdue: true }),
    timeline: (await customerTimeline({ scope: auth.scope, orgId })).map(({ detailKeys, note, ...e }) => ({
      ...e,
      at: formatDateTime(locale, e.at, tz),
      title: e.kind === 'tier' ? (locale === 'ru' ? e.title.split('|')[0] : (e.title.split('|')[1] ?? e.title)) : e.title,
      // A code the catalog lacks stays as it is, without its key's prefix.
      detail: [...detailKeys.map((k) => (isMessageKey(k) ? translate(locale, k) : k.slice(k.lastIndexOf('.') + 1))), note]
        .filter(Boolean)
        .join(' · '),
      // Linked only where this reader may open the page (a sales manager reads no deal or EDI document).
      link: e.link && can(auth.permissions, linkPermission[e.kind]) ? e.link : null,
    })),
  })
}

// The permission each timeline entry's page asks for (entries without a page have no link).
const linkPermission: Record<TimelineKind, Permission> = {
  order: 'read:order:any',
  edi: 'manage:edi:any',
  deal: 'manage:partner_programme:any',
  interaction: 'read:crm:any',
  task: 'read:crm:any',
  tier: 'read:crm:any',
  survey: 'read:crm:any',
}

const OwnerForm = z.object({
  intent: z.literal('owner'),
  ownerId: z
    .string()
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
})
const Intent = z.object({ intent: z.enum(['contact', 'interaction', 'task', 'owner']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const orgId = uuidParam(params.orgId)
  invariantResponse(await getCustomerHeader({ scope: auth.scope, orgId }), 'error.notFound.title', { status: 404 })
  const form = await readFormData(request)
  const intent = Intent.safeParse({ intent: form.get('intent') })
  if (!intent.success) return json({ intent: null, result: null, done: null }, { status: 400 })
  const actor = actorOf(auth, context.clientIp)
  if (intent.data.intent === 'contact') {
    const submission = parseForm(form, { schema: ContactForm })
    if (submission.status !== 'success') return json({ intent: 'contact', result: submission.reply(), done: null }, { status: 400 })
    const saved = await saveContact({ scope: auth.scope, actor, orgId, input: submission.value })
    if (!saved.ok) return json({ intent: 'contact', result: submission.reply({ fieldErrors: saved.fieldErrors }), done: null }, { status: 400 })
    return json({ intent: 'contact', result: submission.reply({ resetForm: true }), done: 'crm.card.contact.saved' })
  }
  if (intent.data.intent === 'interaction') {
    const submission = parseForm(form, { schema: InteractionForm })
    if (submission.status !== 'success') return json({ intent: 'interaction', result: submission.reply(), done: null }, { status: 400 })
    const logged = await logInteraction({ scope: auth.scope, actor: { ...actor, userId: auth.user.id }, orgId, input: submission.value })
    if (!logged.ok) return json({ intent: 'interaction', result: submission.reply({ fieldErrors: logged.fieldErrors }), done: null }, { status: 400 })
    return json({
      intent: 'interaction',
      result: submission.reply({ resetForm: true }),
      done: 'crm.card.logged',
      dueOn: logged.dueOn,
      title: submission.value.nextStep,
    })
  }
  if (intent.data.intent === 'task') {
    const submission = parseForm(form, { schema: TaskStatusForm })
    if (submission.status !== 'success') return json({ intent: 'task', result: submission.reply(), done: null }, { status: 400 })
    const changed = await setTaskStatus({ scope: auth.scope, actor, taskId: submission.value.taskId, status: submission.value.status, orgId })
    if (!changed.ok) return json({ intent: 'task', result: null, done: null }, { status: 404 })
    return json({ intent: 'task', result: null, done: 'crm.task.saved' })
  }
  const submission = parseForm(form, { schema: OwnerForm })
  if (submission.status !== 'success') return json({ intent: 'owner', result: submission.reply(), done: null }, { status: 400 })
  const assigned = await assignOwner({ scope: auth.scope, actor, orgId, ownerId: submission.value.ownerId ?? null })
  return json({ intent: 'owner', result: null, done: assigned.ok ? 'crm.card.assigned' : null }, { status: assigned.ok ? 200 : 400 })
}

type ActionData = { intent: string | null; result: SubmissionResult<string[]> | null; done: string | null; dueOn?: string | null; title?: string }

export default function CustomerOverview() {
  const d = useLoaderData<typeof loader>()
  const a = useActionData<typeof action>() as ActionData | undefined
  const { t, locale } = useT()
  return (
    <>
      {a?.done === 'crm.card.logged' && a.dueOn ? (
        <Notice tone="success">{t('crm.card.loggedTask', { title: a.title ?? '', day: formatDay(locale, a.dueOn) })}</Notice>
      ) : a?.done ? (
        <Notice tone="success">{t(a.done as 'crm.card.logged')}</Notice>
      ) : null}
      <section aria-labelledby="owner-title" className="card">
        <h2 id="owner-title">{t('crm.card.owner')}</h2>
        <p>{d.owner.ownerName ?? t('crm.card.noOwner')}</p>
        {d.classText ? <p>{d.classText}</p> : null}
        {d.canEdit ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="owner" />
            <label htmlFor="owner-select">{t('crm.card.owner')}</label>
            <select id="owner-select" name="ownerId" defaultValue={d.owner.ownerId ?? ''}>
              <option value="">{t('crm.card.noOwner')}</option>
              {d.staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <button type="submit">{t('crm.card.assign')}</button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="tasks-title">
        <h2 id="tasks-title">{t('crm.card.tasks')}</h2>
        <TaskList tasks={d.tasks.filter((x) => x.status === 'open')} today={d.today} canEdit={d.canEdit} />
      </section>

      {d.canEdit ? (
        <InteractionFormView contacts={d.contacts} today={d.today} lastResult={a?.intent === 'interaction' ? (a.result ?? undefined) : undefined} />
      ) : null}

      <section aria-labelledby="contacts-title">
        <h2 id="contacts-title">{t('crm.card.contacts')}</h2>
        {d.contacts.length === 0 ? <p>{t('crm.card.noContacts')}</p> : null}
        <ul className="contact-list">
          {d.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.fullName}</strong>
              {c.position ? `, ${c.position}` : ''}
              {c.phone ? ` · ${c.phone}` : ''}
              {c.email ? ` · ${c.email}` : ''}
              <br />
              <span className="muted">
                {c.consentText}; {c.changed}
              </span>
              {d.canEdit ? (
                <details>
                  <summary>{t('crm.card.contact.edit')}</summary>
                  <ContactFormView id={`contact-${c.id}`} contact={c} />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
        {d.canEdit ? (
          <details open={a?.intent === 'contact' && !a.done}>
            <summary>{t('crm.card.contact.add')}</summary>
            <ContactFormView id="contact-new" lastResult={a?.intent === 'contact' ? (a.result ?? undefined) : undefined} />
          </details>
        ) : null}
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('crm.card.timeline')}</h2>
        {d.timeline.length === 0 ? <p>{t('crm.card.noTimeline')}</p> : null}
        <ol className="timeline">
          {d.timeline.map((e, i) => (
            <li key={`${e.kind}-${i}`}>
              <span className="muted">{e.at}</span> · <strong>{t(`crm.timeline.${e.kind}`)}</strong>{' '}
              {e.link ? <Link to={e.link}>{e.title}</Link> : e.title}
              {e.detail ? ` — ${e.detail}` : ''}
              {e.amountMinor !== null ? ` · ${formatMoney(locale, e.amountMinor)}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}
