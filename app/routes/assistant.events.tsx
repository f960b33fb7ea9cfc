import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList, Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf } from '../modules/auth/guards.server'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { cancelRsvp, eventsForAssistant, rsvpEvent } from '../modules/sarm/events.server'
import { uuidField } from '../utils/field-schemas'
import { invariantResponse, readFormData } from '../utils/http.server'

// Tours and events an assistant may come to: RSVP within the capacity, else the waiting list (the answer says
// which, with the place on it); cancelling frees the seat for the first one waiting.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  return json({ events: await eventsForAssistant({ scope, userId: user.id }) })
}

type Done = { status: 'going' | 'waitlisted'; position: number } | { status: 'cancelled' }

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAssistant(request)
  const form = await readFormData(request)
  const intent = form.get('intent')
  const eventId = uuidField.safeParse(form.get('eventId'))
  if (intent !== 'rsvp' && intent !== 'cancel') invariantResponse(false, 'errors.notAForm', { status: 400 })
  if (!eventId.success) return json({ error: 'sarm.event.error.notFound', eventId: null, done: null as Done | null }, { status: 400 })
  const base = { scope: auth.scope, actor: actorOf(auth, context.clientIp), userId: auth.user.id, eventId: eventId.data }
  const r = intent === 'rsvp' ? await rsvpEvent(base) : await cancelRsvp(base)
  if (!r.ok) return json({ error: r.error, eventId: eventId.data, done: null as Done | null }, { status: r.status })
  const done: Done = 'position' in r ? { status: r.status, position: r.position } : { status: 'cancelled' }
  return json({ error: null as string | null, eventId: eventId.data, done })
}

export default function AssistantEvents() {
  const { events } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const ru = locale === 'ru'
  const busy = navigation.state === 'submitting'
  return (
    <section aria-labelledby="events-title" className="sarm-learning">
      <h1 id="events-title">{t('sarm.event.mine')}</h1>
      {data?.done ? (
        <Notice tone={data.done.status === 'going' ? 'success' : data.done.status === 'waitlisted' ? 'warning' : 'info'}>
          {data.done.status === 'going'
            ? t('sarm.event.goingNow')
            : data.done.status === 'waitlisted'
              ? t('sarm.event.waitlistedNow', { position: data.done.position })
              : t('sarm.event.cancelledNow')}
        </Notice>
      ) : null}
      {data?.error && !data.eventId ? <ErrorList errors={[data.error]} /> : null}
      {events.length ? (
        <ul className="learning-list">
          {events.map((e) => (
            <li key={e.id} className="card">
              <strong>{ru ? e.titleRu : e.titleEn}</strong>
              <span className="muted">
                {t(`sarm.event.kind.${e.kind}`)} · {formatDateTime(locale, e.startsAt, timeZone)} · {e.place}
              </span>
              {(ru ? e.descriptionRu : e.descriptionEn) ? <p>{ru ? e.descriptionRu : e.descriptionEn}</p> : null}
              <span>{t('sarm.event.seats', { left: e.seatsLeft, capacity: e.capacity, waiting: e.waitlisted })}</span>
              {e.status === 'going' ? <span className="badge status-going">{t('sarm.event.status.going')}</span> : null}
              {e.status === 'waitlisted' ? (
                <span className="badge status-waitlisted">{t('sarm.event.waitlistedNow', { position: e.position })}</span>
              ) : null}
              {data?.error && data.eventId === e.id ? <ErrorList errors={[data.error]} /> : null}
              <Form method="post">
                <input type="hidden" name="eventId" value={e.id} />
                {e.status === 'going' || e.status === 'waitlisted' ? (
                  <button type="submit" name="intent" value="cancel" className="danger" disabled={busy}>
                    {t('sarm.event.cancel')}
                  </button>
                ) : (
                  <button type="submit" name="intent" value="rsvp" disabled={busy}>
                    {e.seatsLeft > 0 ? t('sarm.event.rsvp') : t('sarm.event.joinWaitlist')}
                  </button>
                )}
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sarm.event.none')}</p>
      )}
    </section>
  )
}
