import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { CellInput, Notice } from '../components/forms'
import { SortableTh } from '../components/sortable-th'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { Time } from '../modules/edi/components/edi-bits'
import { mapUnmappedItem } from '../modules/edi/mutations.server'
import { MapItemSchema } from '../modules/edi/profile-schemas'
import { listUnmappedItems } from '../modules/edi/queries.server'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

// The mapping queue (anchors §2 F5): codes partners sent that name none of our products, by account, with how
// often and when last; staff map each to a product by SKU, and the next order with that code maps by itself.
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requirePermission(request, 'manage:edi:any')
  return json({ items: await listUnmappedItems({ scope }) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:edi:any')
  const submission = parseForm(await readFormData(request), { schema: MapItemSchema })
  const row = `${submission.payload.orgId}|${submission.payload.idType}|${submission.payload.code}`
  if (submission.status !== 'success') return json({ row, errors: submission.reply().error ?? {}, mapped: null }, { status: 400 })
  const result = await mapUnmappedItem({ scope: auth.scope, actor: actorOf(auth, context.clientIp), input: submission.value })
  if (!result.ok) {
    invariantResponse(result.status !== 404, 'error.notFound.title', { status: 404 })
    return json({ row, errors: result.fieldErrors, mapped: null }, { status: 400 })
  }
  return json({ row, errors: {}, mapped: { code: submission.value.code, sku: result.sku } })
}

const columns = ['orgName', 'idType', 'code', 'occurrences', 'lastSeenAt'] as const

export default function MappingPage() {
  const { items } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useT()
  const [params] = useSearchParams()
  const sort = (columns as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as (typeof columns)[number]) : null
  const dir = params.get('dir') === 'desc' ? -1 : 1
  const rows = sort ? [...items].sort((a, b) => (a[sort]! < b[sort]! ? -dir : a[sort]! > b[sort]! ? dir : 0)) : items
  return (
    <section aria-labelledby="mapping-title" className="edi-page">
      <h1 id="mapping-title">{t('edi.mapping.title')}</h1>
      <p className="toolbar">
        <Link to="/desk/edi">{t('edi.desk.back')}</Link>
      </p>
      <p className="muted">{t('edi.mapping.intro')}</p>
      {actionData?.mapped ? (
        <Notice tone="success">{t('edi.mapping.done', { code: actionData.mapped.code, sku: actionData.mapped.sku })}</Notice>
      ) : null}
      {rows.length ? (
        <table className="data-table cards">
          <thead>
            <tr>
              <SortableTh column="orgName" label={t('edi.desk.account')} />
              <SortableTh column="idType" label={t('edi.mapping.idType')} />
              <SortableTh column="code" label={t('edi.mapping.code')} />
              <th scope="col">{t('edi.mapping.description')}</th>
              <SortableTh column="occurrences" label={t('edi.mapping.occurrences')} />
              <SortableTh column="lastSeenAt" label={t('edi.mapping.lastSeen')} />
              <th scope="col">{t('edi.mapping.mapTo')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i, n) => {
              const key = `${i.orgId}|${i.idType}|${i.code}`
              const errors = actionData?.row === key ? (actionData.errors as Record<string, string[] | undefined>) : undefined
              return (
                <tr key={key}>
                  <td data-label={t('edi.desk.account')}>
                    <Link to={`/desk/edi/${i.orgId}`}>{i.orgName}</Link>
                  </td>
                  <td data-label={t('edi.mapping.idType')}>{t(`edi.idType.${i.idType as 'gtin'}`)}</td>
                  <td data-label={t('edi.mapping.code')}>
                    <code>{i.code}</code>
                  </td>
                  <td data-label={t('edi.mapping.description')}>{i.description ?? '—'}</td>
                  <td data-label={t('edi.mapping.occurrences')} className="num">
                    {i.occurrences}
                  </td>
                  <td data-label={t('edi.mapping.lastSeen')}>
                    {i.lastDocumentId ? (
                      <Link to={`/desk/edi/documents/${i.lastDocumentId}`}>
                        <Time value={i.lastSeenAt} />
                      </Link>
                    ) : (
                      <Time value={i.lastSeenAt} />
                    )}
                  </td>
                  <td data-label={t('edi.mapping.mapTo')}>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="orgId" value={i.orgId} />
                      <input type="hidden" name="idType" value={i.idType} />
                      <input type="hidden" name="code" value={i.code} />
                      <CellInput
                        id={`map-sku-${n}`}
                        name="sku"
                        label={t('edi.mapping.skuFor', { code: i.code })}
                        errors={[...(errors?.sku ?? []), ...(errors?.[''] ?? [])]}
                        autoComplete="off"
                        required
                      />
                      <button type="submit">{t('edi.mapping.map')}</button>
                    </Form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('edi.mapping.empty')}</p>
      )}
    </section>
  )
}
