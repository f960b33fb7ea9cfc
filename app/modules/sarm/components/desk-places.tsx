import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { formatDateTime } from '../../../i18n/format'
import { useT } from '../../../i18n/react'

// The organiser's view of the places on a tour, an event or an in-person training, one markup for the desk's
// event and training pages: who holds a seat, with a box to tick who came (saved as intent "attendance"), then the
// waiting list in the order people came (the order they move up in).

export type DeskPlace = { id: string; name: string; email: string; dealer: string; createdAt: string }

export function DeskPlaces<P extends DeskPlace>({
  heading,
  seated,
  waiting,
  came,
  column,
  busy,
}: {
  heading: string
  seated: P[]
  waiting: P[]
  /** Whether the box starts ticked: the attendance marked before. */
  came: (place: P) => boolean
  /** The last column, which each page fills with what tells its places apart (the answer's time, the status). */
  column: { label: string; value: (place: P) => ReactNode }
  busy: boolean
}) {
  const { t, locale, timeZone } = useT()
  return (
    <>
      <h2>{heading}</h2>
      {seated.length ? (
        <Form method="post">
          <input type="hidden" name="intent" value="attendance" />
          <div className="table-scroll">
            <table className="data-table cards">
              <thead>
                <tr>
                  <th scope="col">{t('sarm.deskTraining.attended')}</th>
                  <th scope="col">{t('sarm.deskTraining.person')}</th>
                  <th scope="col">{t('sarm.deskTraining.dealer')}</th>
                  <th scope="col">{column.label}</th>
                </tr>
              </thead>
              <tbody>
                {seated.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t('sarm.deskTraining.attended')}>
                      <input
                        type="checkbox"
                        name="attended"
                        value={r.id}
                        defaultChecked={came(r)}
                        aria-label={t('sarm.deskTraining.cameLabel', { name: r.name })}
                      />
                    </td>
                    <td data-label={t('sarm.deskTraining.person')}>
                      {r.name} <span className="muted">{r.email}</span>
                    </td>
                    <td data-label={t('sarm.deskTraining.dealer')}>{r.dealer}</td>
                    <td data-label={column.label}>{column.value(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" disabled={busy}>
            {t('sarm.deskTraining.saveAttendance')}
          </button>
        </Form>
      ) : (
        <p>{t('sarm.deskTraining.noRegistrations')}</p>
      )}
      <h2>{t('sarm.deskTraining.waitlist')}</h2>
      {waiting.length ? (
        <ol>
          {waiting.map((r) => (
            <li key={r.id}>
              {r.name} — {r.dealer} <span className="muted">{formatDateTime(locale, r.createdAt, timeZone)}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('sarm.deskTraining.noWaitlist')}</p>
      )}
    </>
  )
}
