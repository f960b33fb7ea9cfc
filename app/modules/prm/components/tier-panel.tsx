import { formatDay, formatMoney, formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import { dealerGroupName } from '../../tenancy/dealer-groups'
import { reasonKey } from '../tier-rules'
import type { TargetPace } from '../tier-view.server'

// One partner's tier, criteria, next tier, history, targets and certified staff: the dealer's /programme page and
// the desk's partner page show the same panel (texts come rendered from the loader, in the reader's language).

type Check = { text: string; met: boolean; progress: number }
export type TierPanelData = {
  member: {
    tierName: string
    since: string
    benefits: {
      dealerGroup: string | null
      perks?: { ru: string; en: string }[]
      rebateBonusBp?: number
      dealBonusBp?: number
      dealProtectionDays?: number
    }
    override: { reason: string; until: string | null } | null
    grace: string | null
    evaluatedAsOf: string | null
  } | null
  criteria?: Check[]
  next?: { tierName: string; checks: Check[]; gaps: string } | null
  history?: { id: string; reason: string; note: string; from: string | null; to: string; effectiveFrom: string }[]
  targets: {
    id: string
    periodStart: string
    periodEnd: string
    metric: 'revenue' | 'units'
    category: string | null
    target: number
    value: number
    progressBp: number
    forecastBp: number | null
    elapsedDays: number
    periodDays: number
    pace: TargetPace | null
  }[]
  certifications: { id: string; personName: string; course: string; completedOn: string; expiresOn: string | null }[]
}

function Bar({ value, label }: { value: number; label: string }) {
  return <progress className="tier-progress" max={100} value={Math.round(value * 100)} aria-label={label} />
}

function CheckList({ checks }: { checks: Check[] }) {
  const { t } = useT()
  if (!checks.length) return <p className="muted">{t('tierPage.noCriteria')}</p>
  return (
    <ul className="tier-criteria">
      {checks.map((c) => (
        <li key={c.text}>
          <span className={c.met ? 'badge badge-success' : 'badge badge-warning'}>{t(c.met ? 'tierPage.met' : 'tierPage.notMet')}</span> {c.text}
          <Bar value={c.progress} label={c.text} />
        </li>
      ))}
    </ul>
  )
}

/** "At this pace" from the sales forecast, with what it adds and why that method; or what is missing. */
function PaceHint({ pace, value, periodEnd }: { pace: TargetPace; value: number; periodEnd: string }) {
  const { t, locale } = useT()
  if (pace.kind !== 'forecast') return <p className="hint">{t(pace.kind === 'units' ? 'tierPage.pace.units' : 'tierPage.pace.none')}</p>
  const n = (v: number | null) => (v === null ? '—' : formatNumber(locale, v, { maximumFractionDigits: 2 }))
  return (
    <p className="hint" data-pace="forecast">
      {t('tierPage.pace.forecast', {
        total: formatMoney(locale, pace.total),
        end: formatDay(locale, periodEnd),
        value: formatMoney(locale, value),
        rest: formatMoney(locale, pace.rest),
        left: pace.leftDays,
        days: pace.monthDays,
        months: pace.wholeMonths,
        method: t(`crm.forecasts.method.${pace.method}` as 'crm.forecasts.method.holt_winters'),
        of: pace.methodSeries,
        series: pace.series,
        why: t(`crm.forecasts.why.${pace.reason}` as 'crm.forecasts.why.intermittent', { hw: n(pace.hwMase), sn: n(pace.snMase) }),
      })}
      {pace.covered < pace.needed ? ` ${t('tierPage.pace.partial', { covered: pace.covered, needed: pace.needed })}` : ''}
    </p>
  )
}

export function TierPanel({ data }: { data: TierPanelData }) {
  const { t, locale } = useT()
  const reasonLabel = (r: string) => {
    const key = reasonKey(r)
    return key ? t(key) : r
  }
  const m = data.member
  const amount = (metric: 'revenue' | 'units', v: number) => (metric === 'revenue' ? formatMoney(locale, v) : formatNumber(locale, v))
  return (
    <div className="tier-panel">
      {m ? (
        <>
          <h2>{t('tierPage.tier', { tier: m.tierName })}</h2>
          <p className="muted">
            {t('tierPage.since', { day: formatDay(locale, m.since) })}
            {m.evaluatedAsOf ? ` · ${t('tierPage.evaluatedAsOf', { day: formatDay(locale, m.evaluatedAsOf) })}` : ''}
          </p>
          {m.grace ? (
            <p className="notice notice-warning" role="status">
              {m.grace}
            </p>
          ) : null}
          {m.override ? (
            <p className="notice notice-info" role="status">
              {t('tierPage.overridden', { reason: m.override.reason })}
              {m.override.until ? ` ${t('tierPage.until', { day: formatDay(locale, m.override.until) })}` : ''}
            </p>
          ) : null}
          <h3>{t('tierPage.benefits')}</h3>
          <ul>
            <li>
              {m.benefits.dealerGroup
                ? t('tierPage.priceGroup', { group: dealerGroupName(locale, m.benefits.dealerGroup) })
                : t('tierPage.basePrices')}
            </li>
            {m.benefits.dealProtectionDays ? <li>{t('tierPage.dealProtection', { count: m.benefits.dealProtectionDays })}</li> : null}
            {m.benefits.rebateBonusBp ? (
              <li>{t('tierPage.rebateBonus', { percent: formatNumber(locale, m.benefits.rebateBonusBp / 100) })}</li>
            ) : null}
            {m.benefits.dealBonusBp ? <li>{t('tierPage.dealBonus', { percent: formatNumber(locale, m.benefits.dealBonusBp / 100) })}</li> : null}
            {(m.benefits.perks ?? []).map((p) => (
              <li key={p.en}>{p[locale]}</li>
            ))}
          </ul>
          <h3>{t('tierPage.criteria')}</h3>
          <CheckList checks={data.criteria ?? []} />
          {data.next ? (
            <>
              <h3>{t('tierPage.next', { tier: data.next.tierName })}</h3>
              {data.next.gaps ? <p>{t('tierPage.needs', { gaps: data.next.gaps })}</p> : <p>{t('tierPage.nextReady')}</p>}
              <CheckList checks={data.next.checks} />
            </>
          ) : (
            <p>{t('tierPage.top')}</p>
          )}
          <h3>{t('tierPage.history')}</h3>
          {data.history?.length ? (
            <div className="table-scroll">
              <table className="data-table cards">
                <thead>
                  <tr>
                    <th scope="col">{t('tierPage.effectiveFrom')}</th>
                    <th scope="col">{t('tierPage.change')}</th>
                    <th scope="col">{t('tierPage.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.history.map((h) => (
                    <tr key={h.id}>
                      <td data-label={t('tierPage.effectiveFrom')}>{formatDay(locale, h.effectiveFrom)}</td>
                      <td data-label={t('tierPage.change')}>{h.from && h.from !== h.to ? `${h.from} → ${h.to}` : h.to}</td>
                      <td data-label={t('tierPage.reason')}>
                        {reasonLabel(h.reason)}
                        {h.note ? `: ${h.note}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('tierPage.noHistory')}</p>
          )}
        </>
      ) : (
        <p className="muted">{t('tierPage.notMember')}</p>
      )}
      <h2>{t('tierPage.targets')}</h2>
      {data.targets.length ? (
        <ul className="tier-targets">
          {data.targets.map((g) => (
            <li key={g.id}>
              <strong>
                {formatDay(locale, g.periodStart)} – {formatDay(locale, g.periodEnd)}
                {g.category ? ` · ${g.category}` : ''}
              </strong>
              <div>
                {t('tierPage.targetProgress', {
                  value: amount(g.metric, g.value),
                  target: amount(g.metric, g.target),
                  percent: formatNumber(locale, g.progressBp / 100, { maximumFractionDigits: 0 }),
                })}
              </div>
              <Bar value={Math.min(1, g.progressBp / 10_000)} label={t('tierPage.targets')} />
              {g.forecastBp !== null ? (
                <p className="hint">
                  {t('tierPage.forecast', {
                    percent: formatNumber(locale, g.forecastBp / 100, { maximumFractionDigits: 0 }),
                    elapsed: g.elapsedDays,
                    days: g.periodDays,
                  })}
                </p>
              ) : null}
              {g.pace ? <PaceHint pace={g.pace} value={g.value} periodEnd={g.periodEnd} /> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('tierPage.noTargets')}</p>
      )}
      <h2>{t('tierPage.certified')}</h2>
      {data.certifications.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('tierPage.person')}</th>
                <th scope="col">{t('tierPage.course')}</th>
                <th scope="col">{t('tierPage.completedOn')}</th>
                <th scope="col">{t('tierPage.expiresOn')}</th>
              </tr>
            </thead>
            <tbody>
              {data.certifications.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('tierPage.person')}>{c.personName}</td>
                  <td data-label={t('tierPage.course')}>{c.course}</td>
                  <td data-label={t('tierPage.completedOn')}>{formatDay(locale, c.completedOn)}</td>
                  <td data-label={t('tierPage.expiresOn')}>{c.expiresOn ? formatDay(locale, c.expiresOn) : t('tierPage.noExpiry')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('tierPage.noCertified')}</p>
      )}
    </div>
  )
}
