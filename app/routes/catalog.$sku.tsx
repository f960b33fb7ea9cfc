import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { formatDay, formatMoney, formatNumber } from '../i18n/format'
import { useT } from '../i18n/react'
import { requirePermission } from '../modules/auth/guards.server'
import { can } from '../modules/auth/permissions'
import { getCatalogProduct } from '../modules/catalog/queries.server'
import { businessClock } from '../utils/clock.server'
import { checkQuantity } from '../modules/catalog/quantity-rules'
import { earliestDelivery } from '../modules/delivery-terms/earliest-date'
import { ruCalendar } from '../modules/delivery-terms/ru-calendar'
import { getDeliveryTerms } from '../modules/delivery-terms/queries.server'
import { addProductToCart, respondToAddToCart } from '../modules/ordering/mutations.server'
import { takeCartNotice } from '../modules/ordering/queries.server'
import { AddToCartStatus } from '../modules/ordering/components/add-to-cart'
import { AddToCartSchema } from '../modules/ordering/schemas'
import { vatOf } from '../modules/pricing/price-resolution'
import { priceProducts } from '../modules/pricing/queries.server'
import { invariantResponse, parseForm, readFormData } from '../utils/http.server'

/** The product page: the price for the chosen quantity and why, the tier ladder, stock and the earliest date. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:catalog:org')
  const sku = (params.sku ?? '').slice(0, 64)
  const { today, now } = await businessClock()
  const product = await getCatalogProduct({ scope: auth.scope, sku, date: today })
  invariantResponse(product, 'error.notFound.title', { status: 404 })
  const rule = { min: product.minQty, increment: product.packSize, max: product.maxQty }
  const rawQty = new URL(request.url).searchParams.get('qty') ?? String(product.minQty)
  const check = checkQuantity(rawQty.slice(0, 32), rule)
  const qty = check.ok ? check.qty : (check.suggestion ?? product.minQty)
  const price = (await priceProducts({ scope: auth.scope, date: today, items: [{ productId: product.id, qty }] })).get(product.id)!
  const terms = await getDeliveryTerms({ scope: auth.scope })
  const delivery = earliestDelivery({
    qty,
    orderedAt: now,
    timeZone: terms.timeZone,
    cutoff: terms.cutoff,
    calendar: ruCalendar,
    supply: product.stock,
  })
  const { notice, headers } = takeCartNotice(request)
  return json({ product, rule, rawQty, check, qty, price, delivery, today, canOrder: can(auth.permissions, 'create:order:org'), notice }, { headers })
}

/** "Add to cart" on the product page: the same rules as the cart; back to this page (and quantity) without JavaScript. */
export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'create:order:org')
  const submission = parseForm(await readFormData(request), { schema: AddToCartSchema.omit({ productId: true }) })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const { today } = await businessClock()
  const product = await getCatalogProduct({ scope: auth.scope, sku: (params.sku ?? '').slice(0, 64), date: today })
  invariantResponse(product, 'error.notFound.title', { status: 404 })
  const added = await addProductToCart({ scope: auth.scope, userId: auth.user.id, productId: product.id, qtyRaw: submission.value.qty, date: today })
  return respondToAddToCart(request, added, 'buy')
}

export default function ProductPage() {
  const { product, rule, rawQty, check, qty, price, delivery, canOrder, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t, locale } = useT()
  const name = locale === 'ru' ? product.nameRu : product.nameEn
  const buyable = canOrder && price.ok && product.active
  const result = (actionData && 'added' in actionData ? actionData.added : null) ?? notice
  const refused = result?.status === 'refused' ? result : null
  const adding = navigation.state === 'submitting' && navigation.formMethod === 'POST'
  const unit = t(`unit.${product.unit}`)
  const money = (minor: number) => formatMoney(locale, minor, price.ok ? price.currency : 'RUB')
  const vatRate = (product.vatBp ?? 0) / 100
  const warehouseName = (code: string) => {
    const s = product.stock.find((w) => w.warehouse === code)
    return s ? (locale === 'ru' ? s.nameRu : s.nameEn) : code
  }
  return (
    <section aria-labelledby="product-title">
      <p>
        <Link to="/catalog">← {t('catalog.title')}</Link>
      </p>
      <h1 id="product-title">{name}</h1>
      <p className="muted">
        {t('catalog.sku')} <code>{product.sku}</code>
        {product.gtin ? <> · GTIN {product.gtin}</> : null}
        {product.partNumber ? (
          <>
            {' '}
            · {t('catalog.partNumber')}: {product.partNumber}
          </>
        ) : null}{' '}
        · {locale === 'ru' ? product.categoryRu : product.categoryEn}
      </p>
      <p>{locale === 'ru' ? product.descriptionRu : product.descriptionEn}</p>
      {!product.active ? <p className="notice notice-warning">{t('quick.reason.discontinued')}</p> : null}

      {/* One quantity for the price below and for the cart: "Recalculate" reads the page again for it (GET), "Add to
          cart" posts it. Enter recalculates, as the first button. */}
      <Form method={buyable ? 'post' : 'get'} className="toolbar buy-box" id="buy" preventScrollReset>
        <div className="field">
          <label htmlFor="qty">
            {t('product.quantity')}
            <span className="visually-hidden">: {name}</span>
          </label>
          <input
            key={rawQty}
            id="qty"
            name="qty"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={refused ? refused.qtyRaw : rawQty}
            aria-describedby={buyable ? 'qty-rules qty-error buy-status' : 'qty-rules qty-error'}
            aria-invalid={!check.ok || !!refused || undefined}
          />
          <p id="qty-rules" className="hint">
            {t('product.rules', { min: rule.min, unit, step: rule.increment })}
            {rule.max ? t('product.rulesMax', { max: rule.max }) : ''}
          </p>
          {!check.ok ? (
            <p id="qty-error" className="error-list" role="alert">
              {t(`qty.${check.rule}`, { min: rule.min, step: rule.increment, max: rule.max ?? '' })}{' '}
              {check.suggestion ? <Link to={`?qty=${check.suggestion}`}>{t('product.roundTo', { qty: check.suggestion })}</Link> : null}
            </p>
          ) : null}
        </div>
        <button type="submit" formMethod="get">
          {t('product.recalculate')}
        </button>
        {buyable ? (
          <button type="submit" name="intent" value="add-to-cart" className="primary" disabled={adding}>
            {adding ? t('buy.adding') : t('buy.add')}
          </button>
        ) : null}
        {buyable ? <AddToCartStatus id="buy-status" product={product} result={result} /> : null}
      </Form>

      {price.ok ? (
        <div className="grid-2">
          <div>
            <h2>{t('product.priceFor', { qty: formatNumber(locale, qty), unit })}</h2>
            <table className="data-table">
              <tbody>
                <tr>
                  <th scope="row">{t('product.net')}</th>
                  <td>{money(price.unitPriceMinor)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('product.vat', { rate: vatRate })}</th>
                  <td>{money(vatOf(price.unitPriceMinor, product.vatBp ?? 0))}</td>
                </tr>
                <tr>
                  <th scope="row">{t('product.gross')}</th>
                  <td>{money(price.unitPriceMinor + vatOf(price.unitPriceMinor, product.vatBp ?? 0))}</td>
                </tr>
                <tr>
                  <th scope="row">{t('product.lineTotal')}</th>
                  <td>
                    {money(price.unitPriceMinor * qty)} / {money(price.unitPriceMinor * qty + vatOf(price.unitPriceMinor * qty, product.vatBp ?? 0))}
                  </td>
                </tr>
              </tbody>
            </table>
            {price.nextTier ? (
              <p className="notice">
                {t('product.nextTier', { more: formatNumber(locale, price.nextTier.moreQty), unit, price: money(price.nextTier.unitPriceMinor) })}
              </p>
            ) : null}
            <h2>{t('product.ladder')}</h2>
            <table className="data-table">
              <tbody>
                {price.ladder.map((tier) => (
                  <tr key={tier.minQty} aria-current={tier.minQty === price.tier.minQty ? 'true' : undefined}>
                    <th scope="row">{t('product.fromQty', { qty: formatNumber(locale, tier.minQty), unit })}</th>
                    <td>{money(tier.unitPriceMinor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h2>{t('product.why')}</h2>
            <p>
              {t('product.applied', { name: price.list.name })} ({t(`scope.${price.list.scope}`)})
            </p>
            <ul className="trace">
              {price.trace.map((e) => (
                <li key={e.listId}>
                  <strong>{e.name}</strong> — {e.outcome === 'won' ? t('trace.won') : t(`trace.${e.reason}`)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : (
        <p className="notice notice-warning">{t('catalog.noPrice')}</p>
      )}

      <h2>{t('product.stockTitle')}</h2>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('product.warehouse')}</th>
            <th scope="col">{t('product.available')}</th>
            <th scope="col">{t('product.nextReceipt')}</th>
            <th scope="col">{t('product.leadTime')}</th>
          </tr>
        </thead>
        <tbody>
          {product.stock.map((s) => (
            <tr key={s.warehouse}>
              <td data-label={t('product.warehouse')}>{locale === 'ru' ? s.nameRu : s.nameEn}</td>
              <td data-label={t('product.available')}>
                {formatNumber(locale, s.atp)} {unit}
              </td>
              <td data-label={t('product.nextReceipt')}>
                {s.nextReceiptDate ? `${formatDay(locale, s.nextReceiptDate)}: ${formatNumber(locale, s.nextReceiptQty)} ${unit}` : '—'}
              </td>
              <td data-label={t('product.leadTime')}>{t('product.leadDays', { count: s.leadDays })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={delivery.ok ? 'notice notice-success' : 'notice notice-warning'} role="status">
        {delivery.ok
          ? `${t('product.earliest', { qty: formatNumber(locale, qty), unit, date: formatDay(locale, delivery.date), warehouse: warehouseName(delivery.warehouse) })}${delivery.source === 'receipt' ? ` — ${t('product.earliestAfterReceipt')}` : ''}`
          : t('product.noStock')}
      </p>
    </section>
  )
}
