import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { previewImport } from '../modules/catalog/mutations.server'
import { listImports } from '../modules/catalog/queries.server'
import { importKinds, type ImportKind } from '../modules/catalog/schemas'
import { readFormData } from '../utils/http.server'

// Step one of a catalog import: choose what the file holds and upload it; the preview page shows the result.

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:catalog:any')
  return json({ imports: await listImports() })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:catalog:any')
  const form = await readFormData(request)
  const kind = form.get('kind')
  const file = form.get('file')
  const fieldErrors: Record<string, string[]> = {}
  if (typeof kind !== 'string' || !importKinds.includes(kind as ImportKind)) fieldErrors.kind = ['errors.chooseOne']
  if (!(file instanceof File) || file.size === 0) fieldErrors.file = ['import.error.noFile']
  if (Object.keys(fieldErrors).length) return json({ fieldErrors }, { status: 400 })
  const upload = file as File
  const result = await previewImport(actorOf(auth, context.clientIp), kind as ImportKind, upload.name, new Uint8Array(await upload.arrayBuffer()))
  if (!result.ok) return json({ fieldErrors: { file: [`import.file.${result.error}`] } as Record<string, string[]> }, { status: 400 })
  return redirect(`/desk/catalog/import/${result.id}`)
}

export default function ImportPage() {
  const { imports } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale, timeZone } = useT()
  const errors = actionData?.fieldErrors
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('import.title')}</h1>
      <p>
        <Link to="/desk/catalog">{t('deskCatalog.back')}</Link>
      </p>
      <p className="muted">{t('import.intro')}</p>
      <Form method="post" encType="multipart/form-data" className="narrow">
        <fieldset className="field">
          <legend>{t('import.kind')}</legend>
          {importKinds.map((k) => (
            <div className="field-checkbox" key={k}>
              <input type="radio" id={`kind-${k}`} name="kind" value={k} defaultChecked={k === 'products'} />
              <label htmlFor={`kind-${k}`}>
                {t(`import.kind.${k}`)} <span className="muted small">({t(`import.columns.${k}`)})</span>
              </label>
            </div>
          ))}
          <ErrorList errors={errors?.kind} />
        </fieldset>
        <div className="field">
          <label htmlFor="file">{t('import.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx"
            aria-invalid={errors?.file ? true : undefined}
            aria-describedby="file-error file-hint"
          />
          <p id="file-hint" className="hint">
            {t('import.fileHint')}
          </p>
          <ErrorList id="file-error" errors={errors?.file} />
        </div>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? t('import.checking') : t('import.preview')}
        </button>
      </Form>
      {imports.length ? (
        <>
          <h2>{t('import.recent')}</h2>
          <table className="data-table import-list">
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('import.file')}</th>
                <th scope="col">{t('import.kind')}</th>
                <th scope="col">{t('orders.status')}</th>
                <th scope="col" className="num">
                  {t('import.lines')}
                </th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>{formatDateTime(locale, i.createdAt, timeZone)}</td>
                  <td>
                    <Link to={i.id}>{i.fileName}</Link>
                  </td>
                  <td>{t(`import.kind.${i.kind}`)}</td>
                  <td>{t(`import.status.${i.status}`)}</td>
                  <td className="num" data-label={t('import.lines')}>
                    {i.summary.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  )
}
