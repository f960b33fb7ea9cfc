import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { SortableTh } from '../../../components/sortable-th'
import { formatDateTime } from '../../../i18n/format'
import { useT } from '../../../i18n/react'

// The desk's lists of trainings and of tours and events, one markup: the title linking to the page, the kind, when
// it starts, then the columns each list counts its places in, every one sortable (the loader sorts by `column`).

export type DeskLearningRow = { id: string; titleRu: string; titleEn: string; startsAt: string | null }

export function DeskLearningList<R extends DeskLearningRow>({
  rows,
  href,
  kind,
  columns,
  none,
}: {
  rows: R[]
  href: (row: R) => string
  kind: (row: R) => string
  columns: { column: string; label: string; value: (row: R) => ReactNode }[]
  /** What the page says when there is nothing yet. */
  none: string
}) {
  const { t, locale, timeZone } = useT()
  if (!rows.length) return <p>{none}</p>
  return (
    <div className="table-scroll">
      <table className="data-table cards">
        <thead>
          <tr>
            <SortableTh column="title" label={t('sarm.deskTraining.name')} />
            <SortableTh column="kind" label={t('sarm.deskTraining.kind')} />
            <SortableTh column="startsAt" label={t('sarm.deskTraining.startsAt')} />
            {columns.map((c) => (
              <SortableTh key={c.column} column={c.column} label={c.label} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td data-label={t('sarm.deskTraining.name')}>
                <Link to={href(r)}>{locale === 'ru' ? r.titleRu : r.titleEn}</Link>
              </td>
              <td data-label={t('sarm.deskTraining.kind')}>{kind(r)}</td>
              <td data-label={t('sarm.deskTraining.startsAt')}>{r.startsAt ? formatDateTime(locale, r.startsAt, timeZone) : '—'}</td>
              {columns.map((c) => (
                <td key={c.column} data-label={c.label}>
                  {c.value(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
