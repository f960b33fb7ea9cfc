import { Link, useSearchParams } from '@remix-run/react'
import { useT } from '../i18n/react'

/** Previous / next page links that keep the list's filters and sort (plain links: they work without JavaScript). */
export function Pager({ page, pages }: { page: number; pages: number }) {
  const { t } = useT()
  const [params] = useSearchParams()
  if (pages <= 1) return null
  const to = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  return (
    <nav className="pager" aria-label={t('catalog.page', { page, pages })}>
      {page > 1 ? <Link to={to(page - 1)}>{t('catalog.prev')}</Link> : null}
      <span>{t('catalog.page', { page, pages })}</span>
      {page < pages ? <Link to={to(page + 1)}>{t('catalog.next')}</Link> : null}
    </nav>
  )
}
