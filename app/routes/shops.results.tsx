import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { formatMoney } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { renderExplanation } from '../modules/incentives/explain'
import { requirePermission } from '../modules/auth/guards.server'
import { ResultsQuerySchema } from '../modules/sarm/bonus-schemas'
import { dealerResults, shopTotals, sortResults } from '../modules/sarm/bonuses.server'
import { holdReasonText } from '../modules/sarm/hold-text'

// The dealer's shops' results for the bonus programmes running now: per shop, and per assistant with the
// explanation of each bonus (sortable, CSV), and the assistants' payouts held with the plain-language reason.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const query = ResultsQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { rows, held, today } = await dealerResults({ scope: auth.scope })
  const locale = resolveLocale(request, auth.user.locale)
  return json({ today, rows: sortResults(rows, query, locale), shops: shopTotals(rows), held })
}

export default function ShopResults() {
  const { rows, shops, held } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const { search } = useLocation()
  const name = (r: { programmeRu: string; programmeEn: string }) => (locale === 'ru' ? r.programmeRu : r.programmeEn)
  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">{t('shopResults.title')}</h1>
      <p className="muted">{t('shopResults.lead')}</p>

      <h2>{t('shopResults.held')}</h2>
      {held.length === 0 ? (
        <p className="muted">{t('shopResults.noHeld')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('shopResults.assistant')}</th>
                <th scope="col">{t('shopResults.programme')}</th>
                <th scope="col" className="num">
                  {t('shopResults.amount')}
                </th>
                <th scope="col">{t('shopResults.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {held.map((h) => (
                <tr key={h.id} data-testid="held-line">
                  <td data-label={t('shopResults.assistant')}>{h.name}</td>
                  <td data-label={t('shopResults.programme')}>{name({ programmeRu: h.nameRu, programmeEn: h.nameEn })}</td>
                  <td data-label={t('shopResults.amount')} className="num">
                    {formatMoney(locale, h.amountMinor)}
                  </td>
                  <td data-label={t('shopResults.reason')}>
                    {t('shopResults.heldFor', { reasons: h.holdReasons.map((r) => holdReasonText(locale, r)).join('; ') })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('shopResults.byShop')}</h2>
      {shops.length === 0 ? (
        <p className="muted">{t('shopResults.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('shopResults.shop')}</th>
                <th scope="col">{t('shopResults.programme')}</th>
                <th scope="col" className="num">
                  {t('shopResults.assistants')}
                </th>
                <th scope="col" className="num">
                  {t('shopResults.units')}
                </th>
                <th scope="col" className="num">
                  {t('shopResults.bonus')}
                </th>
              </tr>
            </thead>
            <tbody>
              {shops.map((s) => (
                <tr key={`${s.shop}|${s.programmeRu}`}>
                  <td data-label={t('shopResults.shop')}>{s.shop}</td>
                  <td data-label={t('shopResults.programme')}>{name(s)}</td>
                  <td data-label={t('shopResults.assistants')} className="num">
                    {s.assistants}
                  </td>
                  <td data-label={t('shopResults.units')} className="num">
                    {s.units}
                  </td>
                  <td data-label={t('shopResults.bonus')} className="num">
                    {formatMoney(locale, s.amountMinor)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('shopResults.byAssistant')}</h2>
      <p className="actions">
        <a href={`/shops/results.csv${search}`} download>
          {t('shopResults.csv')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('shopResults.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <SortableTh column="shop" label={t('shopResults.shop')} />
                <SortableTh column="name" label={t('shopResults.assistant')} />
                <SortableTh column="programme" label={t('shopResults.programme')} />
                <SortableTh column="units" label={t('shopResults.units')} />
                <th scope="col" className="num">
                  {t('shopResults.norm')}
                </th>
                <SortableTh column="amount" label={t('shopResults.bonus')} />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.programmeId}|${r.userId}`} data-testid="result-row">
                  <td data-label={t('shopResults.shop')}>{r.shop}</td>
                  <td data-label={t('shopResults.assistant')}>{r.name}</td>
                  <td data-label={t('shopResults.programme')}>{name(r)}</td>
                  <td data-label={t('shopResults.units')} className="num">
                    {r.units}
                  </td>
                  <td data-label={t('shopResults.norm')} className="num">
                    {r.norm}
                  </td>
                  <td data-label={t('shopResults.bonus')} className="num">
                    {formatMoney(locale, r.amountMinor)}
                    <div className="muted small">{renderExplanation(locale, r.explanation)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/shops">{t('shopResults.back')}</Link>
      </p>
    </section>
  )
}
