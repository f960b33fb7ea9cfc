import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { listProductsForDesk } from '../modules/catalog/queries.server'
import { Pager } from '../components/pager'
import { searchParam } from '../utils/field-schemas'

const Query = z.object({ q: searchParam, page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined) })

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:catalog:any')
  return json(await listProductsForDesk({ scope, ...Query.parse(Object.fromEntries(new URL(request.url).searchParams)) }))
}

export default function DeskCatalogPage() {
  const { rows, total, page, pages } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="desk-catalog-title">
      <h1 id="desk-catalog-title">{t('deskCatalog.title')}</h1>
      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <label htmlFor="q">{t('catalog.search')}</label>
          <input id="q" name="q" type="search" defaultValue={params.get('q') ?? ''} />
        </div>
        <button type="submit">{t('common.search')}</button>
        <Link to="/desk/catalog/new">{t('deskCatalog.new')}</Link>
        <Link to="/desk/catalog/import">{t('import.title')}</Link>
        <Link to="/desk/catalog/reference">{t('reference.title')}</Link>
      </Form>
      <p className="muted" aria-live="polite">
        {t('catalog.found', { count: total })}
      </p>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('catalog.sku')}</th>
            <th scope="col">{t('catalog.name')}</th>
            <th scope="col">{t('catalog.category')}</th>
            <th scope="col" className="num">
              {t('catalog.stock')}
            </th>
            <th scope="col">{t('deskCatalog.active')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td data-label={t('catalog.sku')}>
                <Link to={`/desk/catalog/${p.id}`}>
                  <code>{p.sku}</code>
                </Link>
              </td>
              <td data-label={t('catalog.name')}>{locale === 'ru' ? p.nameRu : p.nameEn}</td>
              <td data-label={t('catalog.category')}>{(locale === 'ru' ? p.categoryRu : p.categoryEn) ?? '—'}</td>
              <td className="num" data-label={t('catalog.stock')}>
                {p.atp}
              </td>
              <td data-label={t('deskCatalog.active')}>{p.active ? t('common.yes') : t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} pages={pages} />
    </section>
  )
}
