import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useT } from '../i18n/react'
import { isMessageKey } from '../i18n'

/** The one error boundary (STYLE.md): a readable page for 403, 404 and the unexpected, in the user's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useT()
  if (isRouteErrorResponse(error)) {
    if (error.status === 404)
      return (
        <section className="error-page" aria-labelledby="error-title">
          <h1 id="error-title">{t('error.notFound.title')}</h1>
          <p>{t('error.notFound.text')}</p>
          <Link to="/">{t('error.toHome')}</Link>
        </section>
      )
    if (error.status === 403) {
      const permission = (error.data as { permission?: string } | null)?.permission
      return (
        <section className="error-page" aria-labelledby="error-title">
          <h1 id="error-title">{t('error.forbidden.title')}</h1>
          <p>{t('error.forbidden.text')}</p>
          {permission ? (
            <p>
              {t('error.forbidden.permission')} <code>{permission}</code>
            </p>
          ) : null}
          <Link to="/">{t('error.toHome')}</Link>
        </section>
      )
    }
    const detail = (error.data as { message?: string } | null)?.message
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">{t('error.status.title', { status: error.status })}</h1>
        <p>{detail && isMessageKey(detail) ? t(detail) : t('error.unexpected.text')}</p>
        <Link to="/">{t('error.toHome')}</Link>
      </section>
    )
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('error.unexpected.title')}</h1>
      <p>{t('error.unexpected.text')}</p>
      <Link to="/">{t('error.toHome')}</Link>
    </section>
  )
}
