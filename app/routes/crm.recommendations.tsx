import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { formatDateTime, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { groupKey } from '../modules/crm/components/recommendations'
import { RecomputeRecommendations } from '../modules/crm/recommendation-schemas'
import { computeRecommendations, listRecommendationCounts } from '../modules/crm/recommendations.server'
import { businessClock } from '../utils/clock.server'
import { parseForm, readFormData } from '../utils/http.server'

// Every customer's recommendation count, the rule, a recompute button and the CSV (issue 15).

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  return json({ rows: await listRecommendationCounts({ scope: auth.scope }) })
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const submission = parseForm(await readFormData(request), { schema: RecomputeRecommendations })
  if (submission.status !== 'success') return json({ count: null, result: submission.reply() }, { status: 400 })
  const { today } = await businessClock()
  const { count } = await computeRecommendations({ scope: auth.scope, today })
  return json({ count, result: submission.reply() })
}

export default function CrmRecommendations() {
  const { rows } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="recs-title">
      <h1 id="recs-title">{t('crm.recommendations.title')}</h1>
      <CrmTabs />
      <p className="muted small">{t('crm.recommendations.rule')}</p>
      <Form method="post" className="toolbar">
        <button type="submit" name="intent" value="recompute">
          {t('crm.recommendations.recompute')}
        </button>
        <a href="/crm/recommendations.csv" download>
          {t('crm.recommendations.csv')}
        </a>
      </Form>
      {done?.count != null ? <p role="status">{t('crm.recommendations.recomputed', { count: done.count })}</p> : null}
      {rows.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('crm.recommendations.customer')}</th>
                <th scope="col">{t('crm.recommendations.count')}</th>
                <th scope="col">{t('crm.recommendations.group')}</th>
                <th scope="col">{t('crm.recommendations.computedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.orgId}>
                  <td>
                    <Link to={`/crm/customers/${r.orgId}/offers`}>{r.shortName}</Link>
                  </td>
                  <td>{formatNumber(locale, r.count)}</td>
                  <td>{`${t(groupKey[r.groupKind as keyof typeof groupKey] ?? groupKey.all, { label: r.groupLabel })} (${r.groupSize})`}</td>
                  <td>{formatDateTime(locale, r.computedAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('crm.recommendations.none')}</p>
      )}
    </section>
  )
}
