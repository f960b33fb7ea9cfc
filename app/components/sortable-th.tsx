import { Link, useSearchParams } from '@remix-run/react'
import { useT } from '../i18n/react'

/** A column header that sorts by a link (works without JavaScript) and tells screen readers the order. */
export function SortableTh({ column, label }: { column: string; label: string }) {
  const [params] = useSearchParams()
  const { t } = useT()
  const active = params.get('sort') === column
  const dir = active && params.get('dir') !== 'desc' ? 'asc' : active ? 'desc' : null
  const next = new URLSearchParams(params)
  next.set('sort', column)
  next.set('dir', dir === 'asc' ? 'desc' : 'asc')
  next.delete('cursor')
  return (
    <th scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
      <Link to={`?${next}`} aria-label={t('common.sortBy', { column: label })}>
        {label}
        {dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
      </Link>
    </th>
  )
}
