import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { ForecastSeries } from '../modules/crm/components/forecast-series'
import { latestForecast } from '../modules/crm/forecasts.server'
import { uuidParam } from '../utils/http.server'

// The customer card's forecast (issue 15): one chart per product group with the accuracy table and the reason.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:crm:any')
  const series = await latestForecast({ orgId: uuidParam(params.orgId) })
  return json({ series })
}

export default function CustomerForecast() {
  const { series } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  if (!series.length) return <p>{t('crm.forecasts.customerNone')}</p>
  return (
    <section aria-labelledby="forecast-title">
      <h2 id="forecast-title">{t('crm.forecasts.title')}</h2>
      <p>{t('crm.forecasts.intro')}</p>
      {series.map((s) => (
        <ForecastSeries key={s.seriesKey} s={{ ...s, name: locale === 'ru' ? s.categoryRu : s.categoryEn }} />
      ))}
    </section>
  )
}
