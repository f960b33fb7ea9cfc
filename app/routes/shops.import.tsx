import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ErrorList } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { getPosImport, importPosFile, listPosImports, MAX_POS_LINES } from '../modules/sarm/pos-import.server'
import { readFormData, uuidParam } from '../utils/http.server'

// The dealer uploads a POS export; good lines become confirmed sales (the upload is the dealer's confirmation),
// bad lines nothing but a line of the report, kept with the import.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:sarm:org')
  const id = new URL(request.url).searchParams.get('id')
  const [imports, shown] = await Promise.all([listPosImports({ scope }), id ? getPosImport({ scope, id: uuidParam(id) }) : null])
  // The limit travels with the data: a `.server` constant is empty in the browser's bundle (it would hydrate apart).
  return json({ imports, shown, maxLines: MAX_POS_LINES })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:org')
  const form = await readFormData(request)
  const file = form.get('file')
  if (!(file instanceof File) || file.size === 0) return json({ error: 'import.error.noFile' }, { status: 400 })
  const r = await importPosFile({
    scope: auth.scope,
    actor: actorOf(auth, context.clientIp),
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
  })
  if (!r.ok) return json({ error: r.error }, { status: 400 })
  return redirect(`/shops/import?id=${r.id}`)
}

export default function PosImportPage() {
  const { imports, shown, maxLines } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, tm, locale, timeZone } = useT()
  return (
    <section aria-labelledby="pos-title">
      <p>
        <Link to="/shops">{t('sarm.shops.title')}</Link>
      </p>
      <h1 id="pos-title">{t('sarm.pos.title')}</h1>
      <p className="muted">{t('sarm.pos.intro')}</p>
      <table className="data-table cards sarm-pos-columns">
        <thead>
          <tr>
            <th scope="col">{t('sarm.pos.column')}</th>
            <th scope="col">{t('sarm.pos.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {(['date', 'receipt', 'assistant', 'gtin', 'qty', 'serial', 'price', 'phone'] as const).map((c) => (
            <tr key={c}>
              <td data-label={t('sarm.pos.column')}>
                <code>{t(`sarm.pos.col.${c}`)}</code>
              </td>
              <td data-label={t('sarm.pos.meaning')}>{t(`sarm.pos.col.${c}.hint`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form method="post" encType="multipart/form-data" className="card narrow">
        <div className="field">
          <label htmlFor="pos-file">{t('sarm.pos.file')}</label>
          <input
            id="pos-file"
            name="file"
            type="file"
            accept=".csv,.txt,.xlsx"
            aria-describedby="pos-file-hint pos-file-error"
            aria-invalid={actionData?.error ? true : undefined}
          />
          <p id="pos-file-hint" className="hint">
            {t('sarm.pos.fileHint', { count: maxLines })}
          </p>
          <ErrorList id="pos-file-error" errors={actionData?.error ? [actionData.error] : null} />
        </div>
        <button type="submit" className="primary" disabled={navigation.state === 'submitting'}>
          {t('sarm.pos.upload')}
        </button>
      </Form>
      {shown ? (
        <>
          <h2>
            {t('sarm.pos.report')}: {shown.fileName}
          </h2>
          <p role="status">{t('sarm.pos.summary', { lines: shown.lineCount, accepted: shown.acceptedCount, rejected: shown.rejectedCount })}</p>
          {shown.rejectedCount ? (
            <div className="table-scroll">
              <table className="data-table cards">
                <thead>
                  <tr>
                    <th scope="col">{t('sarm.pos.line')}</th>
                    <th scope="col">{t('sarm.pos.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.report
                    .filter((l) => !l.ok)
                    .map((l) => (
                      <tr key={l.line}>
                        <td data-label={t('sarm.pos.line')} className="num">
                          {l.line}
                        </td>
                        <td data-label={t('sarm.pos.problem')}>{l.error ? tm(l.error) : ''}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      {imports.length ? (
        <>
          <h2>{t('sarm.pos.history')}</h2>
          <ul>
            {imports.map((i) => (
              <li key={i.id}>
                <Link to={`?id=${i.id}`}>{i.fileName}</Link> — {formatDateTime(locale, i.createdAt, timeZone)}, {i.by}:{' '}
                {t('sarm.pos.summary', { lines: i.lineCount, accepted: i.acceptedCount, rejected: i.rejectedCount })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
