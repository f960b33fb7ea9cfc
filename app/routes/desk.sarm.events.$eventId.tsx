import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { DeskPlaces } from '../modules/sarm/components/desk-places'
import { eventForDesk, markEventAttendance, remindNow } from '../modules/sarm/events.server'
import { uuidField } from '../utils/field-schemas'
import { LIST_FORM_LIMITS } from '../utils/form-input'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

// One tour or event for the organiser: who is going and who waits (in their order), attendance, and the
// reminders sent now (inbox and e-mail to everyone with a seat).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const found = await eventForDesk({ scope, eventId: uuidParam(params.eventId) })
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  return json(found)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:any')
  const eventId = uuidParam(params.eventId)
  const form = await readFormData(request, LIST_FORM_LIMITS)
  const intent = form.get('intent')
  const actor = actorOf(auth, context.clientIp)
  if (intent === 'attendance') {
    const ids = form.getAll('attended').filter((v): v is string => typeof v === 'string' && uuidField.safeParse(v).success)
    const done = await markEventAttendance({ scope: auth.scope, actor, eventId, attendedIds: ids })
    invariantResponse(done, 'error.notFound.title', { status: 404 })
    return json({ attendance: done, reminded: null as number | null })
  }
  if (intent === 'remind') {
    const told = await remindNow({ scope: auth.scope, actor, eventId })
    invariantResponse(told !== null, 'error.notFound.title', { status: 404 })
    return json({ attendance: null, reminded: told })
  }
  invariantResponse(false, 'errors.notAForm', { status: 400 })
}

export default function DeskEvent() {
  const { event, rsvps } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const going = rsvps.filter((r) => r.status === 'going')
  const waiting = rsvps.filter((r) => r.status === 'waitlisted')
  const busy = navigation.state === 'submitting'
  const who = event.eligibility
  return (
    <section aria-labelledby="desk-event-title">
      <p>
        <Link to="/desk/sarm/events">{t('sarm.deskEvent.back')}</Link>
      </p>
      <h1 id="desk-event-title">{locale === 'ru' ? event.titleRu : event.titleEn}</h1>
      <p className="muted">
        {t(`sarm.event.kind.${event.kind}`)} · {formatDateTime(locale, event.startsAt, timeZone)} · {event.place} ·{' '}
        {t('sarm.deskEvent.goingOf', { going: going.length, capacity: event.capacity })}
      </p>
      <p>
        {t('sarm.deskEvent.eligibility')}:{' '}
        {who.everyone
          ? t('sarm.deskEvent.eligibility.everyone')
          : who.contestWinnersOf?.length
            ? t('sarm.deskEvent.eligibility.winners')
            : who.minTierRank != null
              ? t('sarm.deskEvent.tierAtLeast', { rank: who.minTierRank })
              : t('sarm.deskEvent.invitedCount', { count: who.invitedUserIds?.length ?? 0 })}
      </p>
      {data?.attendance ? <Notice tone="success">{t('sarm.deskEvent.attendanceSaved', data.attendance)}</Notice> : null}
      {data?.reminded != null ? <Notice tone="success">{t('sarm.deskEvent.reminded', { count: data.reminded })}</Notice> : null}
      <p className="hint">
        {event.remindedAt
          ? t('sarm.deskEvent.remindedAt', { at: formatDateTime(locale, event.remindedAt, timeZone) })
          : t('sarm.deskEvent.notReminded')}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="remind" />
        <button type="submit" disabled={busy || !going.length}>
          {t('sarm.deskEvent.remind')}
        </button>
      </Form>
      <DeskPlaces
        heading={t('sarm.deskEvent.going')}
        seated={going}
        waiting={waiting}
        came={(r) => r.attended === true}
        column={{ label: t('sarm.deskEvent.answeredAt'), value: (r) => formatDateTime(locale, r.createdAt, timeZone) }}
        busy={busy}
      />
    </section>
  )
}
