import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { DimensionDetail, ScoreHeadline, ServqualTrend } from '../modules/crm/components/servqual-results'
import { customerServiceQuality } from '../modules/crm/surveys.server'
import { uuidParam } from '../utils/http.server'

// The customer card's service rating (issue 15 "SERVQUAL"): its latest wave's scores (none below the minimum) and
// the trend over the waves it was asked in.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  return json({ trend: await customerServiceQuality({ scope: auth.scope, orgId: uuidParam(params.orgId) }) })
}

export default function CustomerService() {
  const { trend } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const latest = trend.at(-1)
  if (!latest) return <p className="muted">{t('crm.surveys.customerNone')}</p>
  return (
    <section aria-labelledby="service-title">
      <h2 id="service-title">{t('crm.surveys.customerTitle', { wave: locale === 'ru' ? latest.titleRu : latest.titleEn })}</h2>
      <ScoreHeadline group={latest.group} />
      <DimensionDetail group={latest.group} />
      <h2>{t('crm.surveys.trend')}</h2>
      <ServqualTrend trend={trend} />
    </section>
  )
}
