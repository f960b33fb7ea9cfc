import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { BarChart } from '../components/charts'
import { formatDay, formatNumber } from '../i18n/format'
import type { Locale } from '../i18n'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { ReportQuery } from '../modules/crm/lead-schemas'
import { getStageReport, listStages } from '../modules/crm/leads.server'
import { businessClock } from '../utils/clock.server'

// The sales-cycle report (issue 15): days in each stage, conversion to the next stage, win rate and reasons lost,
// over the leads created in a period (default: the last twelve months); every figure says what it counts.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const q = ReportQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { today } = await businessClock()
  const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`
  let from = q.from ?? yearAgo
  let to = q.to ?? today
  if (from > to) [from, to] = [to, from]
  const [report, stages] = await Promise.all([getStageReport({ scope: auth.scope, from, to }), listStages()])
  return json({ report, stages })
}

// In the reader's notation ("42,9 %" in Russian), as every other figure on the page.
const pct = (locale: Locale, bp: number | null) => (bp === null ? '—' : `${formatNumber(locale, bp / 100, { maximumFractionDigits: 1 })} %`)

export default function PipelineReport() {
  const { report, stages } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const stageName = (code: string) => {
    const s = stages.find((x) => x.code === code)
    return s ? (locale === 'ru' ? s.nameRu : s.nameEn) : code
  }
  return (
    <section aria-labelledby="report-title">
      <h1 id="report-title">{t('crm.pipeline.report.title')}</h1>
      <CrmTabs />
      <Form method="get" className="filters">
        <label>
          {t('crm.pipeline.report.from')} <input type="date" name="from" defaultValue={report.from} />
        </label>{' '}
        <label>
          {t('crm.pipeline.report.to')} <input type="date" name="to" defaultValue={report.to} />
        </label>{' '}
        <button type="submit">{t('crm.pipeline.filter')}</button>
      </Form>
      <p>
        {t('crm.pipeline.report.scope', {
          total: String(report.total),
          open: String(report.open),
          from: formatDay(locale, report.from),
          to: formatDay(locale, report.to),
        })}
      </p>

      <h2>{t('crm.pipeline.report.winRate')}</h2>
      <p data-testid="win-rate">
        {report.winRateBp === null
          ? t('crm.pipeline.report.winRateNone')
          : t('crm.pipeline.report.winRateText', {
              rate: pct(locale, report.winRateBp),
              won: String(report.won),
              closed: String(report.won + report.lost),
            })}
      </p>

      <h2>{t('crm.pipeline.report.days')}</h2>
      <BarChart
        title={t('crm.pipeline.report.daysChart')}
        description={t('crm.pipeline.report.daysDesc')}
        series={[
          { key: 'median', label: t('crm.pipeline.report.median') },
          { key: 'mean', label: t('crm.pipeline.report.mean') },
        ]}
        data={report.stages.map((s) => ({ label: stageName(s.code), values: { median: s.medianDays ?? 0, mean: s.meanDays ?? 0 } }))}
      />
      <ul>
        {report.stages.map((s) => (
          <li key={s.code}>
            {s.stays
              ? t('crm.pipeline.report.daysText', {
                  stage: stageName(s.code),
                  median: formatNumber(locale, s.medianDays ?? 0),
                  mean: formatNumber(locale, s.meanDays ?? 0),
                  stays: String(s.stays),
                })
              : t('crm.pipeline.report.daysNone', { stage: stageName(s.code) })}
          </li>
        ))}
      </ul>

      <h2>{t('crm.pipeline.report.funnel')}</h2>
      <BarChart
        title={t('crm.pipeline.report.funnelChart')}
        description={t('crm.pipeline.report.funnelDesc')}
        series={[{ key: 'reached', label: t('crm.pipeline.report.reached') }]}
        data={report.conversions
          .map((c) => ({ label: stageName(c.from), values: { reached: c.reached } }))
          .concat(
            report.conversions.length
              ? [
                  {
                    label: stageName(report.conversions[report.conversions.length - 1]!.to),
                    values: { reached: report.conversions[report.conversions.length - 1]!.converted },
                  },
                ]
              : [],
          )}
      />
      <ul>
        {report.conversions.map((c) => (
          <li key={c.from}>
            {t('crm.pipeline.report.conversionText', {
              converted: String(c.converted),
              reached: String(c.reached),
              from: stageName(c.from),
              to: stageName(c.to),
              rate: pct(locale, c.shareBp),
            })}
          </li>
        ))}
      </ul>

      <h2>{t('crm.pipeline.report.reasons')}</h2>
      {report.reasons.length ? (
        <>
          <BarChart
            title={t('crm.pipeline.report.reasonsChart')}
            description={t('crm.pipeline.report.reasonsDesc', { lost: String(report.lost) })}
            series={[{ key: 'count', label: t('crm.pipeline.report.count') }]}
            data={report.reasons.map((r) => ({ label: r.reason, values: { count: r.count } }))}
          />
        </>
      ) : (
        <p>{t('crm.pipeline.report.reasonsNone')}</p>
      )}
    </section>
  )
}
