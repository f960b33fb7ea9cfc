import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { lineReasonText } from '../modules/ordering/components/line-reason'
import { OrderView } from '../modules/ordering/components/order-view'
import { reorderIntoCart } from '../modules/ordering/mutations.server'
import { getOrder, reorderPreview } from '../modules/ordering/queries.server'
import { businessClock } from '../utils/clock.server'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:order:org')
  const order = await getOrder({ scope: auth.scope, orderId: uuidParam(params.orderId) })
  invariantResponse(order, 'error.notFound.title', { status: 404 })
  const canOrder = can(auth.permissions, 'create:order:org')
  // Reorder first shows what changed since; nothing enters the cart until the buyer says so.
  const wantsReorder = new URL(request.url).searchParams.get('reorder') === '1'
  const reorder = wantsReorder && canOrder ? await reorderPreview({ scope: auth.scope, order, today: (await businessClock()).today }) : null
  return json({ order, reorder, canOrder })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const orderId = uuidParam(params.orderId)
  const form = await readFormData(request)
  const added =
    form.get('intent') === 'reorder'
      ? await reorderIntoCart({ scope: auth.scope, userId: auth.user.id, orderId, today: (await businessClock()).today })
      : undefined
  if (added === undefined) return json({ error: 'errors.badRequest' }, { status: 400 })
  invariantResponse(added !== null, 'error.notFound.title', { status: 404 })
  return redirect(`/cart?added=${added}`)
}

export default function OrderPage() {
  const { order, reorder, canOrder } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, order.currency)
  const addable = reorder?.filter((l) => !l.rejected).length ?? 0
  return (
    <section aria-labelledby="order-title">
      <h1 id="order-title">{t('orders.order', { number: order.number })}</h1>
      {params.get('placed') === '1' ? <Notice tone="success">{t('orders.placed', { number: order.number })}</Notice> : null}
      <p className="actions">
        <Link to="/orders">{t('orders.backToList')}</Link>
        <a href={`/orders/${order.id}/pdf`} download>
          {t('orders.pdf')}
        </a>
        {canOrder && !reorder ? <Link to="?reorder=1">{t('orders.reorder')}</Link> : null}
      </p>
      {reorder ? (
        <section aria-labelledby="reorder-title" className="card">
          <h2 id="reorder-title">{t('orders.reorderTitle')}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col" className="num">
                  {t('product.quantity')}
                </th>
                <th scope="col" className="num">
                  {t('orders.priceThen')}
                </th>
                <th scope="col" className="num">
                  {t('orders.priceNow')}
                </th>
                <th scope="col">{t('orders.whatChanged')}</th>
              </tr>
            </thead>
            <tbody>
              {reorder.map((l) => (
                <tr key={l.lineNo} className={l.rejected || l.priceNowMinor !== l.priceThenMinor ? 'changed' : undefined}>
                  <td>
                    <code>{l.sku}</code> {locale === 'ru' ? l.nameRu : l.nameEn}
                  </td>
                  <td className="num">{formatNumber(locale, l.qty)}</td>
                  <td className="num">{money(l.priceThenMinor)}</td>
                  <td className="num">{l.priceNowMinor === null ? '—' : money(l.priceNowMinor)}</td>
                  <td>
                    {l.rejected
                      ? lineReasonText(t, l.rejected)
                      : l.priceNowMinor === l.priceThenMinor
                        ? t('orders.unchanged')
                        : t(l.priceNowMinor! > l.priceThenMinor ? 'orders.priceUp' : 'orders.priceDown', {
                            diff: money(Math.abs(l.priceNowMinor! - l.priceThenMinor)),
                          })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="reorder" />
            <button type="submit" className="primary" disabled={addable === 0}>
              {t('orders.reorderAdd', { count: addable })}
            </button>
            <Link to=".">{t('common.cancel')}</Link>
          </Form>
        </section>
      ) : null}
      <OrderView order={order} />
    </section>
  )
}
