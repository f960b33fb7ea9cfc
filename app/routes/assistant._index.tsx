import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { MessageKey } from '../i18n'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { renderExplanation } from '../modules/incentives/explain'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { assistantHome } from '../modules/sarm/bonuses.server'
import { LedgerStatus } from '../modules/sarm/components/ledger-status'
import { holdReasonText } from '../modules/sarm/hold-text'

// The shop assistant's home, built for a phone: each running bonus programme with progress to the norm, what the
// next unit earns and the bonus so far explained; the person's own payout lines with status; the way to the rest.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAssistant(request)
  return json({ name: auth.user.displayName, ...(await assistantHome({ scope: auth.scope, userId: auth.user.id })) })
}

const links: { to: string; label: MessageKey }[] = [
  { to: '/assistant/sales', label: 'assistant.link.sales' },
  { to: '/assistant/contests', label: 'assistant.link.contests' },
  { to: '/assistant/trainings', label: 'assistant.link.trainings' },
  { to: '/assistant/events', label: 'assistant.link.events' },
  { to: '/honour', label: 'assistant.link.honour' },
  { to: '/assistant/consent', label: 'assistant.link.consent' },
]

export default function AssistantHome() {
  const { name, running, lines } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="assistant-title" className="assistant-home">
      <h1 id="assistant-title">{t('assistant.title', { name })}</h1>
      <p>
        <Link to="/assistant/sales/new" className="button primary">
          {t('assistant.reportSale')}
        </Link>
      </p>

      <h2>{t('assistant.bonuses')}</h2>
      {running.length === 0 ? <p className="muted">{t('assistant.noProgrammes')}</p> : null}
      {running.map((p) => {
        const programme = locale === 'ru' ? p.nameRu : p.nameEn
        const share = p.norm === 0 ? 1 : Math.min(1, p.units / p.norm)
        return (
          <article key={p.id} className="card bonus-card" data-testid="bonus-progress" aria-label={programme}>
            <h3>{programme}</h3>
            <p className="muted small">{t('assistant.period', { from: formatDay(locale, p.periodStart), to: formatDay(locale, p.periodEnd) })}</p>
            <p className="bonus-figures">
              <strong>{t('assistant.unitsOfNorm', { units: p.units, norm: p.norm })}</strong>
            </p>
            <progress className="bonus-bar" max={100} value={Math.round(share * 100)} aria-label={t('assistant.progressLabel')}>
              {Math.round(share * 100)} %
            </progress>
            {!p.eligible ? (
              <p className="notice notice-warning" role="note">
                {t('assistant.needsTraining', { training: p.training ? (locale === 'ru' ? p.training.titleRu : p.training.titleEn) : '—' })}{' '}
                <Link to="/assistant/trainings">{t('assistant.link.trainings')}</Link>
              </p>
            ) : (
              <>
                <p>
                  {p.toNorm > 0
                    ? t('assistant.toNorm', { count: p.toNorm, rate: formatMoney(locale, p.rateMinor) })
                    : p.nextUnitMinor > 0
                      ? t('assistant.nextUnit', { amount: formatMoney(locale, p.nextUnitMinor) })
                      : t('assistant.capReached', { cap: formatMoney(locale, p.capMinor ?? 0) })}
                </p>
                <p>
                  {t('assistant.bonusSoFar')} <strong>{formatMoney(locale, p.amountMinor)}</strong>
                </p>
                {p.explanation ? <p className="muted small">{renderExplanation(locale, p.explanation)}</p> : null}
              </>
            )}
          </article>
        )
      })}

      <h2>{t('assistant.payouts')}</h2>
      {lines.length === 0 ? (
        <p className="muted">{t('assistant.noPayouts')}</p>
      ) : (
        <ul className="payout-list">
          {lines.map((l) => (
            <li key={l.id} className="card" data-testid="payout-line">
              <div className="payout-head">
                <strong>{locale === 'ru' ? l.nameRu : l.nameEn}</strong>
                <span className="num">{formatMoney(locale, l.amountMinor)}</span>
              </div>
              <div>
                <LedgerStatus status={l.status} />{' '}
                <span className="muted small">
                  {t('assistant.period', { from: formatDay(locale, l.periodStart), to: formatDay(locale, l.periodEnd) })}
                </span>
              </div>
              <p className="small">{renderExplanation(locale, l.explanation)}</p>
              {l.status === 'held' && l.holdReasons.length ? (
                <p className="small">{t('assistant.heldBecause', { reasons: l.holdReasons.map((r) => holdReasonText(locale, r)).join('; ') })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <nav aria-label={t('assistant.more')}>
        <ul className="tiles">
          {links.map((l) => (
            <li key={l.to}>
              <Link to={l.to}>{t(l.label)}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  )
}
