import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { fromLocalInput } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { TrainingInput } from '../modules/sarm/learning-schemas'
import { listTrainings, saveTraining } from '../modules/sarm/trainings.server'
import { businessClock, operatorTimeZone } from '../utils/clock.server'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { parseForm, readFormData } from '../utils/http.server'
import { DeskLearningList } from '../modules/sarm/components/desk-learning-list'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'
import { useLearningFields } from '../modules/sarm/components/learning-fields'

// The partner desk's trainings: the list with registrations and completions, and a new one (online with its
// quiz, or in person with its date, place and capacity).

const Query = z.object({
  sort: z.enum(['title', 'kind', 'startsAt', 'registered', 'completed']).catch('startsAt'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
})
/** Question slots the form offers; blank ones are left out. */
const QUESTION_SLOTS = 5

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const q = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const rows = await listTrainings({ scope })
  const key = (r: (typeof rows)[number]) =>
    q.sort === 'title' ? r.titleRu : q.sort === 'kind' ? r.kind : q.sort === 'startsAt' ? (r.startsAt ?? '') : r[q.sort]
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (q.dir === 'asc' ? 1 : -1))
  return json({ rows })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const raw = await readFormData(request, LIST_FORM_LIMITS)
  // A question slot left blank is no question; an in-person training has none.
  const form = new FormData()
  const inPerson = raw.get('kind') === 'in_person'
  for (const [name, value] of raw.entries()) {
    const slot = /^questions\[(\d+)\]\./.exec(name)
    if (slot && (inPerson || ['textRu', 'textEn', 'options'].every((f) => !String(raw.get(`questions[${slot[1]}].${f}`) ?? '').trim()))) continue
    form.append(name, value)
  }
  const submission = parseForm(form, { schema: TrainingInput })
  if (submission.status !== 'success') return json({ fieldErrors: submission.error ?? {} }, { status: 400 })
  const startsAt = submission.value.startsLocal ? fromLocalInput(submission.value.startsLocal, operatorTimeZone) : null
  if (submission.value.kind === 'in_person' && (!startsAt || startsAt <= (await businessClock()).now))
    return json({ fieldErrors: { startsLocal: ['sarm.learning.error.past'] } as Record<string, string[] | null> }, { status: 400 })
  const id = await saveTraining({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value, startsAt })
  return redirect(`/desk/sarm/trainings/${id}`)
}

export default function DeskTrainings() {
  const { rows } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useT()
  const errors = data?.fieldErrors
  const { err, field, basics } = useLearningFields(errors, 4)
  return (
    <section aria-labelledby="desk-trainings-title">
      <h1 id="desk-trainings-title">{t('sarm.deskTraining.title')}</h1>
      <DeskSarmTabs />
      <p>
        <Link to="/desk/sarm/events">{t('sarm.deskEvent.title')}</Link>
      </p>
      <DeskLearningList
        rows={rows}
        href={(r) => `/desk/sarm/trainings/${r.id}`}
        kind={(r) => t(`sarm.training.kind.${r.kind}`)}
        columns={[
          {
            column: 'registered',
            label: t('sarm.deskTraining.registered'),
            // Only an in-person training has seats to count.
            value: (r) =>
              r.kind === 'in_person'
                ? t('sarm.deskTraining.seatsOf', { taken: r.registered, capacity: r.capacity ?? 0, waiting: r.waitlisted })
                : '—',
          },
          { column: 'completed', label: t('sarm.deskTraining.completed'), value: (r) => r.completed },
        ]}
        none={t('sarm.training.none')}
      />

      <h2>{t('sarm.deskTraining.new')}</h2>
      <Form method="post" className="card narrow">
        {basics(['online', 'in_person'] as const, (k) => t(`sarm.training.kind.${k}`))}
        <h3>{t('sarm.training.kind.online')}</h3>
        {field('materialRu', t('sarm.deskTraining.materialRu'), 'text', true)}
        {field('materialEn', t('sarm.deskTraining.materialEn'), 'text', true)}
        <div className="field">
          <label htmlFor="passMarkPct">{t('sarm.deskTraining.passMark')}</label>
          <input id="passMarkPct" name="passMarkPct" inputMode="numeric" defaultValue="80" aria-describedby="passMarkPct-error" />
          {err('passMarkPct')}
        </div>
        {err('questions')}
        <p className="hint">{t('sarm.deskTraining.optionsHint')}</p>
        {Array.from({ length: QUESTION_SLOTS }, (_, i) => (
          <fieldset key={i} className="field">
            <legend>{t('sarm.deskTraining.question', { n: i + 1 })}</legend>
            {field(`questions[${i}].textRu`, t('sarm.deskTraining.questionRu'))}
            {field(`questions[${i}].textEn`, t('sarm.deskTraining.questionEn'))}
            {field(`questions[${i}].options`, t('sarm.deskTraining.options'), 'text', true)}
          </fieldset>
        ))}
        <h3>{t('sarm.training.kind.in_person')}</h3>
        {field('startsLocal', t('sarm.deskTraining.startsAt'), 'datetime-local')}
        {field('place', t('sarm.deskTraining.place'))}
        {field('capacity', t('sarm.deskTraining.capacity'), 'number')}
        <button type="submit" disabled={navigation.state === 'submitting'}>
          {t('sarm.deskTraining.create')}
        </button>
      </Form>
    </section>
  )
}
