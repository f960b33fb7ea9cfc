import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import type { MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { getImport, startApply } from '../modules/catalog/import.server'
import { notifyCatalogChanged } from '../modules/catalog/live.server'
import { notFound, readFormData, uuidParam } from '../utils/http.server'

// Step two: the preview (what will be created and changed), or the line-by-line report of a rejected file; then
// apply, with progress while it runs.

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:catalog:any')
  const found = await getImport(uuidParam(params.importId))
  if (!found) notFound()
  return json({ imp: found })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const id = uuidParam(params.importId)
  if ((await readFormData(request)).get('intent') !== 'apply') return json({ error: 'errors.badRequest' }, { status: 400 })
  const found = await getImport(id)
  if (!found) notFound()
  const started = await startApply(actorOf(auth, context.clientIp), id, (productIds) => notifyCatalogChanged(found.kind, productIds))
  if (!started) return json({ error: 'import.error.notApplicable' }, { status: 409 })
  return json({ error: null })
}

export default function ImportPreviewPage() {
  const { imp } = useLoaderData<typeof loader>()
  const revalidator = useRevalidator()
  const { t, tm } = useT()
  // While the import runs, the page asks again every second for progress and the outcome.
  useEffect(() => {
    if (imp.status !== 'applying') return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 1000)
    return () => clearInterval(timer)
  }, [imp.status, revalidator])
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
        <dd>{t(`import.kind.${imp.kind}` as MessageKey)}</dd>
        <dt>{t('orders.status')}</dt>
        <dd>
          <strong>{t(`import.status.${imp.status}` as MessageKey)}</strong>
        </dd>
        <dt>{t('import.lines')}</dt>
        <dd>{imp.summary.total}</dd>
        {imp.kind === 'products' ? (
          <>
            <dt>{t('import.create')}</dt>
            <dd>{imp.summary.create}</dd>
            <dt>{t('import.update')}</dt>
            <dd>{imp.summary.update}</dd>
          </>
        ) : null}
      </dl>
      {imp.status === 'applying' ? (
        <div className="freight-progress" role="status">
          <label htmlFor="import-progress">{imp.progress ? t('import.progress', { done: imp.progress.done, total: imp.progress.total }) : t('import.running')}</label>
          <progress id="import-progress" max={imp.progress?.total ?? undefined} value={imp.progress?.done ?? undefined} />
        </div>
      ) : null}
      {imp.status === 'applied' ? <p className="notice notice-success" role="status">{t('import.applied')}</p> : null}
      {imp.status === 'failed' ? <p className="notice notice-warning" role="alert">{t('import.failed', { reason: imp.failure ?? '' })}</p> : null}
      {imp.status === 'previewed' ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="apply" />
          <p>{t('import.readyToApply')}</p>
          <button type="submit" className="primary">
            {t('import.apply')}
          </button>
        </Form>
      ) : null}
      {imp.errors.length ? (
        <>
          <p className="notice notice-warning" role="alert">
            {t('import.rejected', { count: imp.errors.length })}
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
              {imp.errors.slice(0, 1000).map((e, i) => (
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
