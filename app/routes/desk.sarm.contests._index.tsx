import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SortableTh } from '../components/sortable-th'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listContests } from '../modules/sarm/contests.server'
import { DeskSarmTabs } from '../modules/sarm/components/desk-sarm-tabs'

// The partner managers' contests: each with its period, prizes, and what its checks found and hold.
const Query = z.object({
  sort: z.enum(['name', 'period', 'status', 'held']).catch('period'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:any')
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams))
  const rows = await listContests({ scope })
  const key = (r: (typeof rows)[number]) =>
    query.sort === 'name' ? r.name_en : query.sort === 'status' ? r.status : query.sort === 'held' ? String(r.held).padStart(6, '0') : r.period_end
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (query.dir === 'asc' ? 1 : -1))
  return json({
    rows: rows.map((r) => ({
      id: r.id,
      nameRu: r.name_ru,
      nameEn: r.name_en,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      status: r.status,
      prizesMinor: Number(r.prizes_minor),
      awards: r.awards,
      held: r.held,
      flags: r.flags,
    })),
  })
}

export default function ContestsPage() {
  const { rows } = useLoaderData<typeof loader>()
  const { t, tm, locale } = useT()
  return (
    <section aria-labelledby="contests-title">
      <h1 id="contests-title">{t('sarm.contest.title')}</h1>
      <DeskSarmTabs />
      <p>
        <Link to="/desk/sarm/contests/new" className="button primary">
          {t('sarm.contest.new')}
        </Link>
      </p>
      {rows.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <SortableTh column="name" label={t('sarm.contest.name')} />
                <SortableTh column="period" label={t('sarm.contest.period')} />
                <th scope="col">{t('sarm.contest.prizeFund')}</th>
                <SortableTh column="status" label={t('sarm.contest.status')} />
                <th scope="col">{t('sarm.contest.flagsCount')}</th>
                <SortableTh column="held" label={t('sarm.contest.heldCount')} />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={t('sarm.contest.name')}>
                    <Link to={`/desk/sarm/contests/${r.id}`}>{locale === 'ru' ? r.nameRu : r.nameEn}</Link>
                  </td>
                  <td data-label={t('sarm.contest.period')}>
                    {formatDay(locale, r.periodStart)} – {formatDay(locale, r.periodEnd)}
                  </td>
                  <td data-label={t('sarm.contest.prizeFund')} className="num">
                    {formatMoney(locale, r.prizesMinor)}
                  </td>
                  <td data-label={t('sarm.contest.status')}>{tm(`sarm.contest.status.${r.status}`)}</td>
                  <td data-label={t('sarm.contest.flagsCount')} className="num">
                    {r.flags}
                  </td>
                  <td data-label={t('sarm.contest.heldCount')} className="num">
                    {r.held}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sarm.contest.none')}</p>
      )}
    </section>
  )
}
