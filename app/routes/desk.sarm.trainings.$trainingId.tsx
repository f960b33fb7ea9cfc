import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { DeskPlaces } from '../modules/sarm/components/desk-places'
import { markTrainingAttendance, trainingForDesk } from '../modules/sarm/trainings.server'
import { uuidField } from '../utils/field-schemas'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

// One training for the desk: who registered (and from which dealer), the waiting list in its order, attendance
// for an in-person session (each one who came completes it), the completions with their certificates, as CSV too.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const found = await trainingForDesk({ scope, trainingId: uuidParam(params.trainingId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const trainingId = uuidParam(params.trainingId)
  const form = await readFormData(request, LIST_FORM_LIMITS)
  invariantResponse(form.get('intent') === 'attendance', 'errors.notAForm', { status: 400 })
  const ids = form.getAll('attended').filter((v): v is string => typeof v === 'string' && uuidField.safeParse(v).success)
  const done = await markTrainingAttendance({ scope: auth.scope, actor: actorOf(auth, context.clientIp), trainingId, attendedIds: ids })
  invariantResponse(done, 'error.notFound.title', { status: 404 })
  return json({ done })
}

export default function DeskTraining() {
  const { training, registrations, completions } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const seated = registrations.filter((r) => r.status !== 'waitlisted' && r.status !== 'cancelled')
  const waiting = registrations.filter((r) => r.status === 'waitlisted')
  return (
    <section aria-labelledby="desk-training-title">
      <p>
        <Link to="/desk/sarm/trainings">{t('sarm.deskTraining.back')}</Link>
      </p>
      <h1 id="desk-training-title">{locale === 'ru' ? training.titleRu : training.titleEn}</h1>
      <p className="muted">
        {t(`sarm.training.kind.${training.kind}`)}
        {training.kind === 'online'
          ? ` · ${t('sarm.deskTraining.quizInfo', { questions: training.questions, mark: training.passMarkPct })}`
          : ` · ${training.startsAt ? formatDateTime(locale, training.startsAt, timeZone) : ''} · ${training.place ?? ''} · ${t('sarm.deskTraining.seatsOf', { taken: seated.length, capacity: training.capacity ?? 0, waiting: waiting.length })}`}
      </p>
      {data?.done ? <Notice tone="success">{t('sarm.deskTraining.attendanceSaved', data.done)}</Notice> : null}
      {training.kind === 'in_person' ? (
        <DeskPlaces
          heading={t('sarm.deskTraining.registrations')}
          seated={seated}
          waiting={waiting}
          came={(r) => r.status === 'attended'}
          column={{ label: t('sarm.deskTraining.status'), value: (r) => t(`sarm.training.my.${r.status}`) }}
          busy={navigation.state === 'submitting'}
        />
      ) : null}
      <h2>{t('sarm.deskTraining.completions')}</h2>
      <p>
        <a href={`/desk/sarm/trainings/${training.id}/completions.csv`} download>
          {t('sarm.deskTraining.csv')}
        </a>
      </p>
      {completions.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('sarm.deskTraining.person')}</th>
                <th scope="col">{t('sarm.deskTraining.dealer')}</th>
                <th scope="col">{t('sarm.deskTraining.score')}</th>
                <th scope="col">{t('sarm.deskTraining.certificateNo')}</th>
                <th scope="col">{t('sarm.deskTraining.completedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {completions.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('sarm.deskTraining.person')}>{c.name}</td>
                  <td data-label={t('sarm.deskTraining.dealer')}>{c.dealer}</td>
                  <td data-label={t('sarm.deskTraining.score')}>{c.scorePct == null ? '—' : `${c.scorePct} %`}</td>
                  <td data-label={t('sarm.deskTraining.certificateNo')}>{c.certificateNo}</td>
                  <td data-label={t('sarm.deskTraining.completedAt')}>{formatDateTime(locale, c.completedAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sarm.deskTraining.noCompletions')}</p>
      )}
    </section>
  )
}
