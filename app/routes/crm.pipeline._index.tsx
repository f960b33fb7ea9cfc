import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { PipelineQuery, leadSourceList } from '../modules/crm/lead-schemas'
import { listLeadOwners, listLeads, listStages } from '../modules/crm/leads.server'

// The pipeline (issue 15 "Leads and pipeline"): leads by stage with counts, expected and weighted amounts
// (Σ expected × the stage's probability, the sum explained under each column), or a sortable list; filters by
// owner and source; the same view as CSV.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = PipelineQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [leads, stages, owners] = await Promise.all([listLeads({ scope: auth.scope, query }), listStages(), listLeadOwners()])
  return json({ leads, stages, owners, query })
}

export default function Pipeline() {
  const { leads, stages, owners, query } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const stageName = (code: string) => {
    const s = stages.find((x) => x.code === code)
    return s ? (locale === 'ru' ? s.nameRu : s.nameEn) : code
  }
  const money = (minor: number) => formatMoney(locale, minor)
  const totalWeighted = leads.filter((l) => l.stageCode !== 'won' && l.stageCode !== 'lost').reduce((s, l) => s + l.weightedMinor, 0)
  const listParams = new URLSearchParams(params)
  listParams.set('view', query.view === 'board' ? 'list' : 'board')
  return (
    <section aria-labelledby="pipeline-title">
      <h1 id="pipeline-title">{t('crm.pipeline.title')}</h1>
      <CrmTabs />
      <p className="actions">
        <Link to="/crm/pipeline/new" className="button primary">
          {t('crm.pipeline.new')}
        </Link>{' '}
        <Link to="/crm/pipeline/report">{t('crm.pipeline.reportLink')}</Link> · <Link to="/crm/pipeline/regions">{t('crm.pipeline.regions')}</Link> ·{' '}
        <Link to={`?${listParams}`}>{query.view === 'board' ? t('crm.pipeline.viewList') : t('crm.pipeline.viewBoard')}</Link> ·{' '}
        <a href={`/crm/pipeline.csv?${params}`} download>
          {t('crm.pipeline.csv')}
        </a>
      </p>
      <Form method="get" className="filters">
        <input type="hidden" name="view" value={query.view} />
        <label>
          {t('crm.pipeline.col.owner')}{' '}
          <select name="owner" defaultValue={query.owner ?? ''}>
            <option value="">{t('crm.pipeline.all')}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('crm.pipeline.col.source')}{' '}
          <select name="source" defaultValue={query.source ?? ''}>
            <option value="">{t('crm.pipeline.all')}</option>
            {leadSourceList.map((s) => (
              <option key={s} value={s}>
                {t(`crm.pipeline.source.${s}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{t('crm.pipeline.filter')}</button>
      </Form>
      <p>
        {t('crm.pipeline.weightedTotal', {
          total: money(totalWeighted),
          count: String(leads.filter((l) => l.stageCode !== 'won' && l.stageCode !== 'lost').length),
        })}
      </p>
      {query.view === 'board' ? (
        <div className="board" role="list">
          {stages.map((s) => {
            const inStage = leads.filter((l) => l.stageCode === s.code)
            const expected = inStage.reduce((sum, l) => sum + (l.expectedMinor ?? 0), 0)
            const weighted = inStage.reduce((sum, l) => sum + l.weightedMinor, 0)
            return (
              <section key={s.code} className="card board-column" role="listitem" aria-labelledby={`stage-${s.code}`}>
                <h2 id={`stage-${s.code}`}>
                  {stageName(s.code)} ({inStage.length})
                </h2>
                <p className="muted">
                  {t('crm.pipeline.stageSum', { expected: money(expected), probability: String(s.probabilityBp / 100), weighted: money(weighted) })}
                </p>
                <ul>
                  {inStage.map((l) => (
                    <li key={l.id}>
                      <Link to={`/crm/pipeline/${l.id}`}>{l.companyName}</Link>
                      {l.expectedMinor !== null ? ` · ${money(l.expectedMinor)}` : ''}
                      {l.ownerName ? ` · ${l.ownerName}` : ''}
                    </li>
                  ))}
                </ul>
              </section>
            )
          })}
        </div>
      ) : (
        <table>
          <thead>
            <tr>
              <SortableTh column="company" label={t('crm.pipeline.col.company')} />
              <th scope="col">{t('crm.pipeline.col.source')}</th>
              <SortableTh column="stage" label={t('crm.pipeline.col.stage')} />
              <SortableTh column="expected" label={t('crm.pipeline.col.expected')} />
              <SortableTh column="weighted" label={t('crm.pipeline.col.weighted')} />
              <SortableTh column="owner" label={t('crm.pipeline.col.owner')} />
              <SortableTh column="created" label={t('crm.pipeline.col.created')} />
            </tr>
          </thead>
          <tbody>
            {leads.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/crm/pipeline/${l.id}`}>{l.companyName}</Link>
                </td>
                <td>{t(`crm.pipeline.source.${l.source}`)}</td>
                <td>{stageName(l.stageCode)}</td>
                <td className="num">{l.expectedMinor === null ? '—' : money(l.expectedMinor)}</td>
                <td className="num" title={t('crm.pipeline.weightedHint', { probability: String(l.probabilityBp / 100) })}>
                  {money(l.weightedMinor)} ({l.probabilityBp / 100} %)
                </td>
                <td>{l.ownerName ?? t('crm.pipeline.unassigned')}</td>
                <td>{l.createdAt.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {leads.length === 0 ? <p>{t('crm.pipeline.empty')}</p> : null}
    </section>
  )
}
