import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { fromLocalInput } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { contestChoices, listEvents, remindDueEvents, resolveInvitees, saveEvent } from '../modules/sarm/events.server'
import { EventInput, MAX_INVITED, splitEmails } from '../modules/sarm/learning-schemas'
import { businessClock, operatorTimeZone } from '../utils/clock.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { parseForm, readFormData } from '../utils/http.server'
import { DeskLearningList } from '../modules/sarm/components/desk-learning-list'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'
import { useLearningFields } from '../modules/sarm/components/learning-fields'

// The partner desk's tours and events: the list with seats taken and the waiting list, and a new one with who may
// come. Reading the list also sends the reminders of events in the next two days not yet reminded (there is no
// worker for them): the once-a-day check happens when the organisers look.

const Query = z.object({
  sort: z.enum(['title', 'kind', 'startsAt', 'going', 'waitlisted']).catch('startsAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  await remindDueEvents({ scope })
  const [rows, contests] = await Promise.all([listEvents({ scope }), contestChoices()])
  const key = (r: (typeof rows)[number]) => (q.sort === 'title' ? r.titleRu : r[q.sort])
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (q.dir === 'asc' ? 1 : -1))
  return json({ rows, contests })
}

type Errors = Record<string, string[] | null>

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const submission = parseForm(await readFormData(request, LIST_FORM_LIMITS), { schema: EventInput })
  if (submission.status !== 'success') return json({ fieldErrors: (submission.error ?? {}) as Errors }, { status: 400 })
  const v = submission.value
  const startsAt = fromLocalInput(v.startsLocal, operatorTimeZone)
  if (!startsAt || startsAt <= (await businessClock()).now)
    return json({ fieldErrors: { startsLocal: ['sarm.learning.error.past'] } as Errors }, { status: 400 })
  let invitedUserIds: string[] = []
  if (v.eligibility === 'invited') {
    const emails = splitEmails(v.invited)
    if (emails.length > MAX_INVITED) return json({ fieldErrors: { invited: ['sarm.learning.error.tooLong'] } as Errors }, { status: 400 })
    const found = await resolveInvitees(emails)
    if (found.unknown.length)
      return json(
        { fieldErrors: { invited: [`sarm.event.error.unknownEmails|${found.unknown.slice(0, 10).join(', ')}`] } as Errors },
        { status: 400 },
      )
    invitedUserIds = found.userIds
  }
  const id = await saveEvent({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: { ...v, startsAt, invitedUserIds } })
  return redirect(`/desk/sarm/events/${id}`)
}

export default function DeskEvents() {
  const { rows, contests } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale } = useT()
  const ru = locale === 'ru'
  const errors = data?.fieldErrors
  const { err, field, basics } = useLearningFields(errors, 3)
  return (
    <section aria-labelledby="desk-events-title">
      <h1 id="desk-events-title">{t('sarm.deskEvent.title')}</h1>
      <DeskSarmTabs />
      <p>
        <Link to="/desk/sarm/trainings">{t('sarm.deskTraining.title')}</Link>
      </p>
      <DeskLearningList
        rows={rows}
        href={(r) => `/desk/sarm/events/${r.id}`}
        kind={(r) => t(`sarm.event.kind.${r.kind}`)}
        columns={[
          { column: 'going', label: t('sarm.deskEvent.going'), value: (r) => t('sarm.deskEvent.goingOf', { going: r.going, capacity: r.capacity }) },
          { column: 'waitlisted', label: t('sarm.deskTraining.waitlist'), value: (r) => r.waitlisted },
        ]}
        none={t('sarm.deskEvent.none')}
      />

      <h2>{t('sarm.deskEvent.new')}</h2>
      <Form method="post" className="card narrow">
        {basics(['tour', 'event'] as const, (k) => t(`sarm.event.kind.${k}`))}
        {field('startsLocal', t('sarm.deskTraining.startsAt'), 'datetime-local')}
        {field('place', t('sarm.deskTraining.place'))}
        {field('capacity', t('sarm.deskTraining.capacity'), 'number')}
        <fieldset className="field">
          <legend>{t('sarm.deskEvent.eligibility')}</legend>
          {(['everyone', 'winners', 'tier', 'invited'] as const).map((k) => (
            <label key={k} className="field-checkbox">
              <input type="radio" name="eligibility" value={k} defaultChecked={k === 'everyone'} /> {t(`sarm.deskEvent.eligibility.${k}`)}
            </label>
          ))}
          {err('eligibility')}
        </fieldset>
        <fieldset className="field">
          <legend>{t('sarm.deskEvent.contests')}</legend>
          {contests.map((c) => (
            <label key={c.id} className="field-checkbox">
              <input type="checkbox" name="contestIds" value={c.id} /> {ru ? c.nameRu : c.nameEn}
            </label>
          ))}
          {err('contestIds')}
        </fieldset>
        {field('minTierRank', t('sarm.deskEvent.minTierRank'), 'number')}
        {field('invited', t('sarm.deskEvent.invited'), 'text', true)}
        <button type="submit" disabled={navigation.state === 'submitting'}>
          {t('sarm.deskEvent.create')}
        </button>
      </Form>
    </section>
  )
}
