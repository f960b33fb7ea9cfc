import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { env } from '../env.server'
import { formatDateTime } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { ForecastSeries } from '../modules/crm/components/forecast-series'
import { listCategoryForecasts, runForecasts } from '../modules/crm/forecasts.server'
import { businessClock } from '../utils/clock.server'

// Forecasts by product group (issue 15 "Forecasts"): each series' chart and accuracy table; staff rerun them.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const locale = resolveLocale(request, auth.user.locale)
  const { run, rows } = await listCategoryForecasts({ scope: auth.scope })
  return json({
    runAt: run ? formatDateTime(locale, run.createdAt, env.OPERATOR_TIME_ZONE) : null,
    rows,
    canRun: auth.permissions.includes('manage:crm:any'),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:crm:any')
  const { today } = await businessClock()
  await runForecasts({ actor: actorOf(auth, context.clientIp), today })
  return redirect('/crm/forecasts')
}

export default function Forecasts() {
  const { runAt, rows, canRun } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const { t, locale } = useT()
  return (
    <section aria-labelledby="forecasts-title">
      <h1 id="forecasts-title">{t('crm.forecasts.title')}</h1>
      <CrmTabs />
      <p>{t('crm.forecasts.intro')}</p>
      {runAt ? <p>{t('crm.forecasts.runAt', { at: runAt, count: rows.length })}</p> : <p>{t('crm.forecasts.none')}</p>}
      {canRun ? (
        <Form method="post">
          <button type="submit" disabled={busy} aria-busy={busy}>
            {busy ? t('crm.forecasts.running') : t('crm.forecasts.run')}
          </button>
        </Form>
      ) : null}
      {rows.map((s) => (
        <ForecastSeries key={s.seriesKey} s={{ ...s, name: locale === 'ru' ? s.categoryRu : s.categoryEn }} />
      ))}
    </section>
  )
}
