import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from '@remix-run/react'
import { useEffect } from 'react'
import { ConfirmButton } from '../components/confirm-button'
import type { MessageKey } from '../i18n'
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { startApply } from '../modules/catalog/mutations.server'
import { CHANGES_PAGE, getImport, listImportChanges, type ImportChange, type ImportSummary } from '../modules/catalog/queries.server'
import { notifyCatalogChanged } from '../modules/catalog/live.server'
import { importKinds, isUnit } from '../modules/catalog/schemas'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

// Step two: the preview (every product, stock level or price the file creates or changes, field by field), or
// the line-by-line report of a rejected file; then apply, with progress while it runs; afterwards the same list
// as the record of what was done.

/** A long description is shown by its start: the page stays small however much text a file carries. */
const SHOWN_CHARS = 120
const clip = (c: ImportChange): ImportChange => {
  const cut = (v: ImportChange['to']) => (typeof v === 'string' && v.length > SHOWN_CHARS ? `${v.slice(0, SHOWN_CHARS)}…` : v)
  return { field: c.field, from: cut(c.from), to: cut(c.to) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:catalog:any')
  const importId = uuidParam(params.importId)
  const found = await getImport(importId)
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  const page = Number(new URL(request.url).searchParams.get('page')) || 1
  const changes = await listImportChanges({ importId, page: Math.min(10_000, Math.max(1, Math.floor(page))) })
  // Which entries this page shows is worked out here: the page size is the server's to know.
  const from = (changes.page - 1) * CHANGES_PAGE + 1
  return json({
    imp: { ...found, errors: found.errors.slice(0, 1000), errorCount: found.errors.length },
    changes: { ...changes, from, to: from + changes.rows.length - 1, rows: changes.rows.map((r) => ({ ...r, changes: r.changes.map(clip) })) },
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const id = uuidParam(params.importId)
  if ((await readFormData(request)).get('intent') !== 'apply') return json({ error: 'errors.badRequest' }, { status: 400 })
  const found = await getImport(id)
  invariantResponse(found, 'error.notFound.title', { status: 404 })
  const started = await startApply(actorOf(auth, context.clientIp), id, (productIds) => notifyCatalogChanged(found.kind, productIds))
  if (!started) return json({ error: 'import.error.notApplicable' }, { status: 409 })
  return json({ error: null })
}

const fieldLabels: Record<string, MessageKey> = {
  nameRu: 'deskCatalog.nameRu',
  nameEn: 'deskCatalog.nameEn',
  descriptionRu: 'deskCatalog.descriptionRu',
  descriptionEn: 'deskCatalog.descriptionEn',
  gtin: 'import.field.gtin',
  unit: 'export.unit',
  packSize: 'catalog.pack',
  minQty: 'deskCatalog.minQty',
  maxQty: 'deskCatalog.maxQty',
  category: 'catalog.category',
  taxClass: 'deskCatalog.taxClass',
  active: 'deskCatalog.active',
  atp: 'deskCatalog.atp',
  nextReceiptDate: 'deskCatalog.nextReceiptDate',
  nextReceiptQty: 'deskCatalog.nextReceiptQty',
  leadDays: 'deskCatalog.leadDays',
  price: 'import.field.price',
}

type Kind = (typeof importKinds)[number]

/** "Изменено 3 товара, создан 1 товар, без изменений — 2 строки": what will be done, or once applied what was. */
function summaryText(t: ReturnType<typeof useT>['t'], kind: Kind, s: ImportSummary, done: boolean) {
  const tense = done ? 'done' : 'plan'
  const parts: string[] = []
  if (s.update) parts.push(t(`import.${tense}.updated.${kind}`, { count: s.update }))
  if (s.create) parts.push(t(`import.${tense}.created.${kind}`, { count: s.create }))
  if (s.unchanged) parts.push(t('import.unchanged', { count: s.unchanged }))
  if (!s.update && !s.create) return t(`import.${tense}.nothing`)
  const text = parts.join(', ')
  return `${text[0].toUpperCase()}${text.slice(1)}.`
}

export default function ImportPreviewPage() {
  const { imp, changes } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const [params] = useSearchParams()
  const { t, tm, locale, timeZone } = useT()
  // While the import runs, the page asks again every second for progress and the outcome.
  useEffect(() => {
    if (imp.status !== 'applying') return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1000)
    return () => clearInterval(timer)
  }, [imp.status, revalidator])
  const value = (field: string, v: ImportChange['to']) => {
    if (v === null || v === '') return '—'
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no')
    if (field === 'price' && typeof v === 'number') return formatMoney(locale, v)
    if (field === 'nextReceiptDate' && typeof v === 'string') return formatDay(locale, v)
    if (field === 'unit' && isUnit(v)) return t(`unit.${v}`)
    return typeof v === 'number' ? formatNumber(locale, v) : v
  }
  const pageLink = (p: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(p))
    return `?${next}`
  }
  const applied = imp.status === 'applied'
  return (
    <section aria-labelledby="preview-title">
      <h1 id="preview-title">
        {t('import.previewTitle')}: {imp.fileName}
      </h1>
      <p>
        <Link to="/desk/catalog/import">{t('import.back')}</Link>
      </p>
      <dl className="details">
        <dt>{t('import.kind')}</dt>
        <dd>{t(`import.kind.${imp.kind}`)}</dd>
        <dt>{t('orders.status')}</dt>
        <dd>
          <strong>{t(`import.status.${imp.status}`)}</strong>
        </dd>
        <dt>{t('import.lines')}</dt>
        <dd>{imp.summary.total}</dd>
      </dl>
      {imp.status === 'previewed' || applied ? (
        <p className="import-summary" data-testid="import-summary">
          {summaryText(t, imp.kind, imp.summary, applied)}
        </p>
      ) : null}
      {imp.status === 'applying' ? (
        <div className="freight-progress" role="status">
          <label htmlFor="import-progress">
            {imp.progress ? t('import.progress', { done: imp.progress.done, total: imp.progress.total }) : t('import.running')}
          </label>
          <progress id="import-progress" max={imp.progress?.total ?? undefined} value={imp.progress?.done ?? undefined} />
        </div>
      ) : null}
      {applied ? (
        <p className="notice notice-success" role="status">
          {t('import.applied', { at: imp.appliedAt ? formatDateTime(locale, imp.appliedAt, timeZone) : '' })}
        </p>
      ) : null}
      {imp.status === 'failed' ? (
        <p className="notice notice-warning" role="alert">
          {t('import.failed', { reason: tm(imp.failure ?? '') })}
        </p>
      ) : null}
      {imp.status === 'previewed' ? (
        <Form method="post" className="actions">
          <p>{t('import.readyToApply')}</p>
          <ConfirmButton
            className="primary"
            name="intent"
            value="apply"
            title={t('import.confirm.title')}
            consequence={t('import.confirm.consequence')}
          >
            {t('import.apply')}
          </ConfirmButton>
        </Form>
      ) : null}
      {changes.total ? (
        <>
          <h2>{t('import.changes.title')}</h2>
          <p className="muted">{t('import.changes.shown', { from: changes.from, to: changes.to, total: changes.total })}</p>
          <table className="data-table import-changes">
            <thead>
              <tr>
                <th scope="col">{t('quick.line')}</th>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col">{t('import.changes.what')}</th>
                <th scope="col">{t('import.changes.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.rows.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>
                    <span className="nowrap">{r.productId ? <Link to={`/desk/catalog/${r.productId}`}>{r.sku}</Link> : <code>{r.sku}</code>}</span>
                    {r.target.warehouse ? (
                      <span className="muted small"> · {t('import.changes.atWarehouse', { value: r.target.warehouse })}</span>
                    ) : null}
                    {r.target.priceList ? (
                      <span className="muted small"> · {t('import.changes.inList', { list: r.target.priceList, qty: r.target.minQty ?? 1 })}</span>
                    ) : null}
                  </td>
                  <td>{t(`import.changes.${r.action}`)}</td>
                  <td>
                    <ul className="change-list">
                      {r.changes.map((c) => (
                        <li key={c.field}>
                          {fieldLabels[c.field] ? t(fieldLabels[c.field]) : c.field}:{' '}
                          {r.action === 'create' ? (
                            <strong>{value(c.field, c.to)}</strong>
                          ) : (
                            <>
                              <del>{value(c.field, c.from)}</del> → <strong>{value(c.field, c.to)}</strong>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {changes.pages > 1 ? (
            <nav className="pager" aria-label={t('catalog.page', { page: changes.page, pages: changes.pages })}>
              {changes.page > 1 ? <Link to={pageLink(changes.page - 1)}>{t('catalog.prev')}</Link> : null}
              <span>{t('catalog.page', { page: changes.page, pages: changes.pages })}</span>
              {changes.page < changes.pages ? <Link to={pageLink(changes.page + 1)}>{t('catalog.next')}</Link> : null}
            </nav>
          ) : null}
        </>
      ) : null}
      {imp.errorCount ? (
        <>
          <p className="notice notice-warning" role="alert">
            {t('import.rejected', { count: imp.errorCount })}
          </p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('quick.line')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('quick.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {imp.errors.map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>
                    <code>{e.column}</code>
                  </td>
                  <td>{tm(e.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}
