import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { formatDay, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { DimensionDetail, ScoreHeadline, ServqualTrend } from '../modules/crm/components/servqual-results'
import { waveResults } from '../modules/crm/surveys.server'
import { invariantResponse, uuidParam } from '../utils/http.server'

// A wave's results (issue 15 "SERVQUAL"): everyone's scores with their intervals, each organisation's (none below
// the wave's minimum), the dimensions and items as charts, and the trend against the waves before.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const results = await waveResults({ scope: auth.scope, waveId: uuidParam(params.waveId) })
  invariantResponse(results, 'error.notFound.title', { status: 404 })
  return json(results)
}

type Sort = 'name' | 'answered' | 'score'

export default function WaveResults() {
  const { wave, overall, organisations, trend } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const sort = (['name', 'answered', 'score'].includes(params.get('sort') ?? '') ? params.get('sort') : 'answered') as Sort
  const desc = params.get('dir') !== 'asc'
  const key = (o: (typeof organisations)[number]) =>
    sort === 'name' ? o.name : sort === 'answered' ? o.answered : (o.group.scores?.sqWeighted.mean ?? Number.NEGATIVE_INFINITY)
  const rows = [...organisations].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    const c = x < y ? -1 : x > y ? 1 : 0
    return desc ? -c : c
  })
  const num = (v: number) => formatNumber(locale, Math.round(v * 100) / 100, { minimumFractionDigits: 2, signDisplay: 'exceptZero' })
  return (
    <section aria-labelledby="wave-title">
      <h1 id="wave-title">{locale === 'ru' ? wave.titleRu : wave.titleEn}</h1>
      <CrmTabs />
      <p>
        {formatDay(locale, wave.opensOn)} – {formatDay(locale, wave.closesOn)} · {t(`crm.surveys.status.${wave.status}`)} ·{' '}
        {t('crm.surveys.minAnswersNote', { min: wave.minAnswers })}
      </p>
      <p className="actions">
        <Link to="/crm/surveys">{t('crm.surveys.allWaves')}</Link>
        <a href={`/crm/surveys/${wave.id}.csv`} download>
          {t('crm.surveys.exportCsv')}
        </a>
      </p>
      <h2>{t('crm.surveys.overall')}</h2>
      <ScoreHeadline group={overall} />
      <h2>{t('crm.surveys.byOrganisation')}</h2>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <SortableTh column="name" label={t('crm.surveys.col.organisation')} />
              <th scope="col">{t('crm.surveys.col.invited')}</th>
              <SortableTh column="answered" label={t('crm.surveys.answers')} />
              <SortableTh column="score" label={t('crm.surveys.sqWeighted')} />
              <th scope="col">{t('crm.surveys.servperf')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.orgId}>
                <th scope="row">
                  <Link to={`/crm/customers/${o.orgId}/service`}>{o.name}</Link>
                </th>
                <td className="num">{o.invited}</td>
                <td className="num">{o.answered}</td>
                {o.group.scores ? (
                  <>
                    <td className="num">{num(o.group.scores.sqWeighted.mean)}</td>
                    <td className="num">{num(o.group.scores.servperf.mean)}</td>
                  </>
                ) : (
                  <td colSpan={2} className="muted">
                    {t('crm.surveys.notEnough', { n: o.group.n, min: o.group.minAnswers })}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DimensionDetail group={overall} />
      <h2>{t('crm.surveys.trend')}</h2>
      <ServqualTrend trend={trend} />
    </section>
  )
}
