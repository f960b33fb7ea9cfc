import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { SortableTh } from '../components/sortable-th'
import { formatDay, formatMoney } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { CrmTabs } from '../modules/crm/components/crm-tabs'
import { customerQueryOf } from '../modules/crm/customer-query'
import { listCustomers } from '../modules/crm/customers.server'
import { resolveLocale } from '../i18n/locale.server'
import { regionLabel, regionOptions } from '../modules/prm/application-schemas'

// The customers (issue 15): dealers and key accounts with owner, region, last delivery, 12-month revenue, latest
// class and open tasks; filter, sort, export.

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:crm:any')
  const query = customerQueryOf(new URL(request.url))
  const customers = await listCustomers({
    scope: auth.scope,
    q: query.q,
    region: query.region,
    ownerId: query.mine ? auth.user.id : null,
    sort: query.sort,
    dir: query.dir,
    locale: resolveLocale(request, auth.user.locale),
  })
  return json({ customers, query })
}

export default function Customers() {
  const { customers, query } = useLoaderData<typeof loader>()
  const { t, locale } = useT()
  const { search } = useLocation()
  return (
    <section aria-labelledby="customers-title">
      <h1 id="customers-title">{t('crm.customers.title')}</h1>
      <CrmTabs />
      <Form method="get" className="inline-form" aria-label={t('crm.customers.filter')}>
        <label htmlFor="customers-q">{t('crm.customers.search')}</label>
        <input id="customers-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={100} />
        <label htmlFor="customers-region">{t('crm.customers.col.region')}</label>
        <select id="customers-region" name="region" defaultValue={query.region ?? ''}>
          <option value="">{t('crm.customers.allRegions')}</option>
          {regionOptions(locale).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" name="mine" value="1" defaultChecked={!!query.mine} /> {t('crm.customers.mine')}
        </label>
        <button type="submit">{t('crm.customers.filter')}</button>
      </Form>
      <p>
        {t('crm.customers.count', { count: customers.length })} · <a href={`/crm/customers.csv${search}`}>{t('crm.customers.csv')}</a> ·{' '}
        <a href={`/crm/customers.xlsx${search}`}>{t('crm.customers.xlsx')}</a>
      </p>
      <div className="table-scroll">
        <table aria-labelledby="customers-title">
          <thead>
            <tr>
              <SortableTh column="name" label={t('crm.customers.col.name')} />
              <th scope="col">{t('crm.customers.col.kind')}</th>
              <SortableTh column="region" label={t('crm.customers.col.region')} />
              <SortableTh column="owner" label={t('crm.customers.col.owner')} />
              <SortableTh column="lastOrder" label={t('crm.customers.col.lastOrder')} />
              <SortableTh column="revenue" label={t('crm.customers.col.revenue')} />
              <SortableTh column="abc" label={t('crm.customers.col.class')} />
              <th scope="col">{t('crm.customers.col.tasks')}</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.orgId}>
                <td>
                  <Link to={`/crm/customers/${c.orgId}`}>{c.name}</Link>
                </td>
                <td>{t(c.kind === 'dealer' ? 'crm.customers.kind.dealer' : 'crm.customers.kind.key_account')}</td>
                <td>{regionLabel(locale, c.region) || '—'}</td>
                <td>{c.ownerName ?? '—'}</td>
                <td>{c.lastOrderOn ? formatDay(locale, c.lastOrderOn) : '—'}</td>
                <td className="num">{formatMoney(locale, c.revenue12mMinor)}</td>
                <td>{c.abc ? `${c.abc}${c.xyz ?? ''}` : '—'}</td>
                <td className="num">{c.openTasks}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
