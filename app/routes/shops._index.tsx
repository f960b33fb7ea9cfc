import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatDateTime } from '../i18n/format'
import { useT } from '../i18n/react'
import { can } from '../modules/auth/permissions'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { ShopForm } from '../modules/sarm/components/shop-form'
import { ShopInput } from '../modules/sarm/sale-schemas'
import { issueRegistrationCode, listManagerOptions, listShops, registrationCodeIssuedAt, saveShop } from '../modules/sarm/shops.server'
import { parseForm, readFormData } from '../utils/http.server'

// The dealer's shops: code, name, address, region, manager, the roster and what waits; the registration code its
// assistants join with (shown once when issued, only its hash kept).

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:sarm:org')
  const canManage = can(auth.permissions, 'manage:sarm:org')
  const [shops, managers, codeIssuedAt] = await Promise.all([
    listShops({ scope: auth.scope }),
    canManage ? listManagerOptions({ scope: auth.scope }) : Promise.resolve([] as { userId: string; name: string; email: string }[]),
    canManage ? registrationCodeIssuedAt({ scope: auth.scope }) : null,
  ])
  return json({ shops, managers, canManage, codeIssuedAt })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:sarm:org')
  const form = await readFormData(request)
  const actor = actorOf(auth, context.clientIp)
  if (form.get('intent') === 'issueCode') return json({ code: await issueRegistrationCode({ scope: auth.scope, actor }), result: null })
  const submission = parseForm(form, { schema: ShopInput })
  if (submission.status !== 'success') return json({ code: null, result: submission.reply() }, { status: 400 })
  const r = await saveShop({ scope: auth.scope, actor, input: submission.value })
  if (!r.ok) return json({ code: null, result: submission.reply({ fieldErrors: r.fieldErrors, formErrors: r.formErrors }) }, { status: r.status })
  return redirect(`/shops/${r.id}`)
}

export default function ShopsPage() {
  const { shops, managers, canManage, codeIssuedAt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  return (
    <section aria-labelledby="shops-title">
      <h1 id="shops-title">{t('sarm.shops.title')}</h1>
      <p className="actions">
        <Link to="/shops/reports?status=pending">{t('sarm.reports.title')}</Link>
        {canManage ? <Link to="/shops/import">{t('sarm.pos.title')}</Link> : null}
        <Link to="/shops/results">{t('shopResults.title')}</Link>
        <Link to="/shops/contests">{t('sarm.contests.title')}</Link>
      </p>
      {shops.length ? (
        <div className="table-scroll">
          <table className="data-table cards">
            <thead>
              <tr>
                <th scope="col">{t('sarm.shops.code')}</th>
                <th scope="col">{t('sarm.shops.name')}</th>
                <th scope="col">{t('sarm.shops.address')}</th>
                <th scope="col">{t('sarm.shops.region')}</th>
                <th scope="col">{t('sarm.shops.manager')}</th>
                <th scope="col">{t('sarm.shops.assistants')}</th>
                <th scope="col">{t('sarm.shops.waiting')}</th>
              </tr>
            </thead>
            <tbody>
              {shops.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('sarm.shops.code')}>
                    <Link to={`/shops/${s.id}`}>{s.code}</Link>
                  </td>
                  <td data-label={t('sarm.shops.name')}>{s.name}</td>
                  <td data-label={t('sarm.shops.address')}>{s.address}</td>
                  <td data-label={t('sarm.shops.region')}>{s.region}</td>
                  <td data-label={t('sarm.shops.manager')}>{s.manager ?? t('sarm.shops.noManager')}</td>
                  <td data-label={t('sarm.shops.assistants')} className="num">
                    {s.assistants}
                  </td>
                  <td data-label={t('sarm.shops.waiting')}>
                    {s.pendingReports ? (
                      <Link to={`/shops/reports?status=pending&shopId=${s.id}`}>{t('sarm.shops.pendingReports', { count: s.pendingReports })}</Link>
                    ) : null}
                    {s.pendingAssistants ? (
                      <div>
                        <Link to={`/shops/${s.id}`}>{t('sarm.shops.pendingAssistants', { count: s.pendingAssistants })}</Link>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('sarm.shops.none')}</p>
      )}
      {canManage ? (
        <>
          <h2>{t('sarm.shops.code.title')}</h2>
          <p className="muted">{t('sarm.shops.code.intro')}</p>
          {actionData?.code ? (
            <Notice tone="success">
              {t('sarm.shops.code.issued')} <strong className="sarm-code">{actionData.code}</strong>
            </Notice>
          ) : codeIssuedAt ? (
            <p>{t('sarm.shops.code.current', { at: formatDateTime(locale, codeIssuedAt, timeZone) })}</p>
          ) : (
            <p>{t('sarm.shops.code.noneYet')}</p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="issueCode" />
            <button type="submit">{codeIssuedAt ? t('sarm.shops.code.reissue') : t('sarm.shops.code.issue')}</button>
          </Form>
          <h2>{t('sarm.shops.new')}</h2>
          <ShopForm managers={managers} lastResult={actionData?.result ?? undefined} />
        </>
      ) : null}
    </section>
  )
}
