import { useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ErrorList, Notice, validationTiming } from '../components/forms'
import { formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { RecommendationsPanel } from '../modules/crm/components/recommendations'
import { listOwnRecommendations, type RecommendationRow } from '../modules/crm/recommendations.server'
import { AddToCartStatus } from '../modules/ordering/components/add-to-cart'
import { LiveNotice, useLiveCatalog } from '../modules/ordering/components/live-updates'
import { lineReasonText } from '../modules/ordering/components/line-reason'
import { Day, FreightProgress, TermsSummary, Totals } from '../modules/ordering/components/order-bits'
import { addProductToCart, respondToAddToCart, setCartLineQty } from '../modules/ordering/mutations.server'
import { evaluateCart, takeCartNotice } from '../modules/ordering/queries.server'
import { AddToCartSchema, CartIntent } from '../modules/ordering/schemas'
import { unitText } from '../modules/ordering/unit-text'
import { businessClock } from '../utils/clock.server'
import { invariantResponse, readFormData, parseForm } from '../utils/http.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const { today, now } = await businessClock()
  const cart = await evaluateCart({ scope: auth.scope, userId: auth.user.id, today, now })
  // The catalog's "similar dealers buy" panel, without what the cart already holds (issue 15).
  const recommendations = can(auth.permissions, 'read:recommendation:org')
    ? await listOwnRecommendations({ scope: auth.scope, limit: 3, exclude: cart.lines.map((l) => l.productId) })
    : ([] as RecommendationRow[])
  const { notice, headers } = takeCartNotice(request)
  return json({ cart, recommendations, notice }, { headers })
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const form = await readFormData(request)
  // "Add to cart" from the recommendations panel: the catalog's rules, back to the new line without JavaScript.
  if (form.get('intent') === 'add-to-cart') {
    const submission = parseForm(form, { schema: AddToCartSchema })
    if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
    const { productId, qty } = submission.value
    const { today } = await businessClock()
    const added = await addProductToCart({ scope: auth.scope, userId: auth.user.id, productId, qtyRaw: qty, date: today })
    return respondToAddToCart(request, added, `line-${productId}`)
  }
  const submission = parseForm(form, { schema: CartIntent })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const v = submission.value
  const changed = await setCartLineQty({ scope: auth.scope, userId: auth.user.id, productId: v.productId, qty: v.intent === 'remove' ? 0 : v.qty })
  invariantResponse(changed, 'error.notFound.title', { status: 404 })
  return json({ result: submission.reply() })
}

/** A line's quantity, checked in the browser by the schema the server uses. */
function QtyForm({ productId, qty, lastResult }: { productId: string; qty: number; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useT()
  const [form, fields] = useForm({
    id: `set-qty-${productId}`,
    constraint: getZodConstraint(CartIntent),
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CartIntent }),
    ...validationTiming,
  })
  const errorId = `qty-${productId}-error`
  return (
    <Form method="post" className="inline-form" id={form.id} onSubmit={form.onSubmit} noValidate>
      <input type="hidden" name="intent" value="set-qty" />
      <input type="hidden" name="productId" value={productId} />
      <label htmlFor={`qty-${productId}`} className="visually-hidden">
        {t('product.quantity')}
      </label>
      <input
        id={`qty-${productId}`}
        name="qty"
        inputMode="numeric"
        defaultValue={qty}
        key={qty}
        size={6}
        aria-invalid={fields.qty.errors ? true : undefined}
        aria-describedby={fields.qty.errors ? errorId : undefined}
      />
      <button type="submit">{t('product.recalculate')}</button>
      <ErrorList id={errorId} errors={fields.qty.errors} />
    </Form>
  )
}

export default function CartPage() {
  const { cart, recommendations, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as { result: SubmissionResult<string[]> } | undefined
  const { t, locale } = useT()
  const [params] = useSearchParams()
  const added = Number(params.get('added') ?? NaN)
  const money = (m: number) => formatMoney(locale, m, cart.currency)
  const updatedAt = useLiveCatalog(cart.lines.map((l) => l.productId))
  const resultFor = (productId: string) =>
    (actionData?.result.initialValue as { productId?: string } | null | undefined)?.productId === productId ? actionData?.result : undefined
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">{t('cart.title')}</h1>
      {Number.isInteger(added) && added >= 0 ? <Notice tone="success">{t('cart.added', { count: added })}</Notice> : null}
      <LiveNotice updatedAt={updatedAt} />
      <p>
        <Link to="/quick-order">{t('quick.title')}</Link> · <Link to="/catalog">{t('catalog.title')}</Link>
      </p>
      {notice?.status === 'added' ? (
        <AddToCartStatus
          id="cart-notice-status"
          product={{ id: notice.productId, nameRu: notice.nameRu, nameEn: notice.nameEn, unit: notice.unit }}
          result={notice}
        />
      ) : null}
      {cart.lines.length === 0 ? (
        <p>{t('cart.empty')}</p>
      ) : (
        <>
          <table className="data-table cards cart-table">
            <thead>
              <tr>
                <th scope="col">{t('catalog.sku')}</th>
                <th scope="col">{t('catalog.name')}</th>
                <th scope="col">{t('product.quantity')}</th>
                <th scope="col">{t('catalog.yourPrice')}</th>
                <th scope="col">{t('cart.lineNet')}</th>
                <th scope="col">{t('checkout.earliest')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((l) => (
                <tr key={l.productId} id={`line-${l.productId}`}>
                  <td data-label={t('catalog.sku')}>
                    <code>{l.sku}</code>
                  </td>
                  <td data-label={t('catalog.name')}>
                    <Link to={`/catalog/${encodeURIComponent(l.sku)}`}>{locale === 'ru' ? l.nameRu : l.nameEn}</Link>
                    {l.problem ? (
                      <div className="error-list" role="alert">
                        {lineReasonText(t, { reason: l.problem, suggestion: l.suggestion, substitute: l.substitute, available: l.available })}
                      </div>
                    ) : null}
                    {l.nextTier ? (
                      <div className="muted small">
                        {t('product.nextTier', {
                          more: formatNumber(locale, l.nextTier.moreQty),
                          unit: unitText(t, l.unit),
                          price: money(l.nextTier.unitPriceMinor),
                        })}
                      </div>
                    ) : null}
                  </td>
                  <td data-label={t('product.quantity')}>
                    <QtyForm productId={l.productId} qty={l.qty} lastResult={resultFor(l.productId)} />
                  </td>
                  <td data-label={t('catalog.yourPrice')}>{l.unitPriceMinor !== null ? money(l.unitPriceMinor) : '—'}</td>
                  <td data-label={t('cart.lineNet')}>{money(l.netMinor)}</td>
                  <td data-label={t('checkout.earliest')}>
                    <Day day={l.earliestDate} />
                    {l.warehouseRu ? (
                      <div className="muted small">
                        {t('cart.fromWarehouse', { warehouse: (locale === 'ru' ? l.warehouseRu : l.warehouseEn) ?? '' })}
                      </div>
                    ) : null}
                  </td>
                  <td data-label="">
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="productId" value={l.productId} />
                      <button type="submit" className="danger" aria-label={t('cart.removeLine', { sku: l.sku })}>
                        {t('common.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Totals
            netMinor={cart.netMinor}
            vatMinor={cart.vatMinor}
            freightMinor={cart.freightMinor}
            grossMinor={cart.grossMinor}
            currency={cart.currency}
            rule={cart.terms}
          />
          <FreightProgress
            netMinor={cart.netMinor}
            thresholdMinor={cart.terms.freeFreightMinor}
            missingMinor={cart.missingForFreeFreightMinor}
            currency={cart.currency}
          />
          {cart.shortOfMinimumMinor > 0 ? (
            <Notice tone="warning">{t('checkout.error.minimum', { value: money(cart.shortOfMinimumMinor) })}</Notice>
          ) : null}
          <h2>{t('terms.title')}</h2>
          <TermsSummary terms={cart.terms} />
          <div className="actions">
            {cart.lines.some((l) => l.problem) ? <p className="muted">{t('checkout.error.problems')}</p> : null}
            <Link
              to="/checkout"
              className="button primary"
              aria-disabled={cart.lines.some((l) => l.problem) || cart.shortOfMinimumMinor > 0 ? true : undefined}
            >
              {t('cart.checkout')}
            </Link>
          </div>
        </>
      )}
      <RecommendationsPanel items={recommendations} canOrder notice={notice} />
    </section>
  )
}
