import { Form, Link, useFetcher } from '@remix-run/react'
import { formatDay, formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { Locale } from '../../../i18n'
import { AddToCartForm } from '../../ordering/components/add-to-cart'
import type { AddToCartResult } from '../../ordering/cart.server'
import { regionLabel } from '../../prm/application-schemas'

// "Similar dealers buy" for the dealer (catalog, cart) and the staff's list of one customer (issue 15): each
// recommendation says why, with the very counts that were stored.

export interface RecommendationView {
  productId: string
  sku: string
  nameRu: string
  nameEn: string
  unit: string
  minQty: number
  packSize: number
  antecedentRu: string
  antecedentEn: string
  groupKind: string
  groupLabel: string
  groupSize: number
  antecedentBuyers: number
  productBuyers: number
  pairBuyers: number
  confidence: number
  lift: number
}

type T = ReturnType<typeof useT>['t']

/** The group a recommendation was counted in, as people read it. */
export const groupKey = {
  abc: 'crm.recommendations.group.abc',
  dealer_group: 'crm.recommendations.group.dealer_group',
  region: 'crm.recommendations.group.region',
  all: 'crm.recommendations.group.all',
} as const

export type PromptError =
  | 'crm.recommendations.prompt.notQualified'
  | 'crm.recommendations.prompt.alreadyDecided'
  | 'crm.recommendations.prompt.noPrices'
  | 'crm.recommendations.prompt.needsCatalog'

export function recommendationReason(t: T, locale: Locale, r: RecommendationView) {
  return t('crm.recommendations.reason', {
    pair: r.pairBuyers,
    ni: r.antecedentBuyers,
    group: t(groupKey[r.groupKind as keyof typeof groupKey] ?? groupKey.all, {
      // A region group is labelled by its code (organisations.region): named here in the reader's language.
      label: r.groupKind === 'region' ? regionLabel(locale, r.groupLabel) : r.groupLabel,
    }),
    antecedent: locale === 'ru' ? r.antecedentRu : r.antecedentEn,
    confidence: formatNumber(locale, Math.round(r.confidence * 100)),
    lift: formatNumber(locale, r.lift, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
    nj: r.productBuyers,
    n: r.groupSize,
  })
}

/** The dealer's panel: nothing at all when there are none. */
export function RecommendationsPanel({
  items,
  canOrder,
  notice,
}: {
  items: RecommendationView[]
  canOrder: boolean
  notice: AddToCartResult | null
}) {
  const { t, locale } = useT()
  if (!items.length) return null
  return (
    <aside className="panel recommendations" aria-labelledby="recommendations-title">
      <h2 id="recommendations-title">{t('crm.recommendations.forYou')}</h2>
      <ul className="plain-list">
        {items.map((r) => (
          <RecommendationItem key={r.productId} r={r} canOrder={canOrder} notice={notice} locale={locale} t={t} />
        ))}
      </ul>
    </aside>
  )
}

function RecommendationItem({
  r,
  canOrder,
  notice,
  locale,
  t,
}: {
  r: RecommendationView
  canOrder: boolean
  notice: AddToCartResult | null
  locale: Locale
  t: T
}) {
  const dismiss = useFetcher({ key: `dismiss-${r.productId}` })
  const name = locale === 'ru' ? r.nameRu : r.nameEn
  if (dismiss.state !== 'idle') return null
  return (
    <li className="recommendation" data-product={r.sku}>
      <strong>{name}</strong> <code>{r.sku}</code>
      <p className="small">{recommendationReason(t, locale, r)}</p>
      <div className="toolbar">
        {canOrder ? <AddToCartForm product={{ ...r, id: r.productId }} defaultQty={Math.max(1, r.minQty, r.packSize)} notice={notice} /> : null}
        <dismiss.Form method="post" action="/recommendations/dismiss">
          <input type="hidden" name="productId" value={r.productId} />
          <button type="submit" className="secondary" aria-label={t('crm.recommendations.dismissLabel', { name })}>
            {t('crm.recommendations.dismiss')}
          </button>
        </dismiss.Form>
      </div>
    </li>
  )
}

/** The staff's table of one customer's recommendations with every figure. */
export function CustomerRecommendationsTable({ items }: { items: (RecommendationView & { dismissedAt: string | null })[] }) {
  const { t, locale } = useT()
  if (!items.length) return <p>{t('crm.recommendations.none')}</p>
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('crm.recommendations.product')}</th>
            <th scope="col">{t('crm.recommendations.antecedent')}</th>
            <th scope="col">{t('crm.recommendations.figures')}</th>
            <th scope="col">{t('crm.recommendations.confidence')}</th>
            <th scope="col">{t('crm.recommendations.lift')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.productId}>
              <td>
                <code>{r.sku}</code> {locale === 'ru' ? r.nameRu : r.nameEn}
                <div className="muted small">{recommendationReason(t, locale, r)}</div>
                {r.dismissedAt ? (
                  <div className="muted small">{t('crm.recommendations.dismissed', { date: formatDay(locale, r.dismissedAt) })}</div>
                ) : null}
              </td>
              <td>{locale === 'ru' ? r.antecedentRu : r.antecedentEn}</td>
              <td>{`${r.groupSize} · ${r.antecedentBuyers} · ${r.productBuyers} · ${r.pairBuyers}`}</td>
              <td>{formatNumber(locale, r.confidence * 100, { maximumFractionDigits: 1 })} %</td>
              <td>{formatNumber(locale, r.lift, { maximumFractionDigits: 2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export interface PromptView {
  orderMonths: number
  abc: string | null
  xyz: string | null
  prevCumShare: number | null
  cv: number | null
  qualifies: boolean
  discountBp: number | null
  decision: { decision: 'accepted' | 'declined'; at: string; priceListId: string | null } | null
  churn: { judged: false; orders: number } | { judged: true; atRisk: boolean; daysSince: number; medianGap: number; gaps: number; orders: number }
}

/**
 * The regular-customer prompt and churn risk for staff, each with its figures. `action` is where accept/decline
 * post (the card's offers tab); without it (order page, CRM home) the prompt is shown and not decided there.
 */
export function CustomerPrompts({
  prompt,
  decide,
  action,
  canAccept,
  error,
}: {
  prompt: PromptView
  decide?: boolean
  action?: string
  canAccept?: boolean
  error?: PromptError | null
}) {
  const { t, locale } = useT()
  const pct = (x: number | null) => (x === null ? '—' : formatNumber(locale, x * 100, { maximumFractionDigits: 0 }))
  const c = prompt.churn
  return (
    <div className="crm-prompts">
      {prompt.qualifies && !prompt.decision ? (
        <div className="banner info" role="status">
          <strong>{t('crm.recommendations.prompt.title')}</strong>
          <p>
            {t('crm.recommendations.prompt.reason', {
              months: prompt.orderMonths,
              abc: prompt.abc ?? '',
              share: pct(prompt.prevCumShare),
              xyz: prompt.xyz ?? '',
              cv: pct(prompt.cv),
            })}
          </p>
          <p>{t('crm.recommendations.prompt.discount', { discount: formatNumber(locale, (prompt.discountBp ?? 0) / 100) })}</p>
          {decide ? (
            <Form method="post" action={action} className="toolbar">
              {canAccept ? (
                <button type="submit" name="intent" value="accept">
                  {t('crm.recommendations.prompt.accept')}
                </button>
              ) : (
                <span className="muted small">{t('crm.recommendations.prompt.needsCatalog')}</span>
              )}
              <button type="submit" name="intent" value="decline" className="secondary">
                {t('crm.recommendations.prompt.decline')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : prompt.decision ? (
        <p className="muted">
          {t(prompt.decision.decision === 'accepted' ? 'crm.recommendations.prompt.accepted' : 'crm.recommendations.prompt.declined', {
            date: formatDay(locale, prompt.decision.at),
          })}
        </p>
      ) : decide ? (
        <p className="muted">
          {t('crm.recommendations.prompt.notRegular', {
            months: prompt.orderMonths,
            segment: prompt.abc && prompt.xyz ? `${prompt.abc}${prompt.xyz}` : t('crm.recommendations.prompt.noSegment'),
          })}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {c.judged ? (
        c.atRisk ? (
          <div className="banner warning" role="status">
            {t('crm.recommendations.churn.atRisk', { days: c.daysSince, gap: formatNumber(locale, c.medianGap), gaps: c.gaps })}
          </div>
        ) : decide ? (
          <p className="muted">{t('crm.recommendations.churn.fine', { days: c.daysSince, gap: formatNumber(locale, c.medianGap), gaps: c.gaps })}</p>
        ) : null
      ) : decide ? (
        <p className="muted">{t('crm.recommendations.churn.notEnough', { orders: c.orders })}</p>
      ) : null}
    </div>
  )
}

/**
 * A customer's open prompt or churn risk where staff meet the customer elsewhere (the operator's order page, the
 * CRM home): the same texts and figures as the offers tab, and a link there, where the prompt is accepted.
 */
export function PromptAttention({ orgId, name, prompt }: { orgId: string; name: string; prompt: PromptView }) {
  const { t } = useT()
  return (
    <div className="crm-prompt-attention" data-org={orgId}>
      <p>
        <strong>{name}</strong> · <Link to={`/crm/customers/${orgId}/offers`}>{t('crm.recommendations.attention.open')}</Link>
      </p>
      <CustomerPrompts prompt={prompt} />
    </div>
  )
}
