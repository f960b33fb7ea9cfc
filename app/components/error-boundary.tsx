import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useT } from '../i18n/react'
import { isMessageKey } from '../i18n'
import type { Forbidden as ForbiddenData } from '../modules/auth/permissions'

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
    if (error.status === 403) return <Forbidden refusal={error.data as Partial<ForbiddenData> | null} />
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

/**
 * A refusal in words: what the page needs (the permission's phrase, never its code) and whom to ask: for an
 * operator page seen from a customer's or supplier's organisation, the operator's support; otherwise the person's
 * own organisation's administrators by name (the operator's support when it has none).
 */
function Forbidden({ refusal }: { refusal: Partial<ForbiddenData> | null }) {
  const { t } = useT()
  const phrase = `permission.${refusal?.permission ?? ''}`
  const operator = refusal?.operatorName ?? t('error.forbidden.theOperator')
  const operatorPage = !!refusal?.permission?.endsWith(':any') && refusal.org?.kind !== 'operator'
  const admins = refusal?.admins ?? []
  const askOperator = t('error.forbidden.askOperator', { operator })
  const yourRole =
    refusal?.org && refusal.role
      ? t('error.forbidden.yourRole', { org: refusal.org.shortName, role: t(`role.${refusal.role}`) })
      : t('error.forbidden.noOrg')
  const whom = operatorPage
    ? `${refusal?.operatorName ? t('error.forbidden.operatorPage', { operator }) : t('error.forbidden.operatorPageUnnamed')} ${askOperator}`
    : `${yourRole} ${admins.length ? t('error.forbidden.askAdmins', { names: admins.join(', ') }) : askOperator}`
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t('error.forbidden.title')}</h1>
      <p>{t('error.forbidden.needs', { what: t(isMessageKey(phrase) ? phrase : 'permission.unknown') })}</p>
      <p>{whom}</p>
      <Link to="/">{t('error.toHome')}</Link>
    </section>
  )
}
