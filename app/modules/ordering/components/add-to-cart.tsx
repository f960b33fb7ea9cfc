import { Link, useFetcher } from '@remix-run/react'
import { formatNumber } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import type { AddToCartResult } from '../cart.server'
import { unitText } from '../unit-text'
import { lineReasonText } from './line-reason'

export interface BuyableProduct {
  id: string
  nameRu: string
  nameEn: string
  unit: string
}

/**
 * Quantity and "Add to cart" for one row of the catalog list (issue 10, item 7). A plain form without JavaScript
 * (the server sends the browser back to this row); once hydrated it posts through a fetcher, so the page neither
 * reloads nor jumps, and Remix re-reads the root loader, so the cart count in the shell follows. `notice` is the
 * server's answer after a plain post.
 */
export function AddToCartForm({ product, defaultQty, notice }: { product: BuyableProduct; defaultQty: number; notice: AddToCartResult | null }) {
  const { t, locale } = useT()
  const fetcher = useFetcher<{ added?: AddToCartResult }>({ key: `add-to-cart-${product.id}` })
  const result = fetcher.data?.added ?? (notice?.productId === product.id ? notice : null)
  const busy = fetcher.state !== 'idle'
  const fieldId = `buy-qty-${product.id}`
  const refused = result?.status === 'refused' ? result : null
  return (
    <fetcher.Form method="post" className="buy-form" preventScrollReset>
      <input type="hidden" name="intent" value="add-to-cart" />
      <input type="hidden" name="productId" value={product.id} />
      <label htmlFor={fieldId} className="visually-hidden">
        {t('buy.qtyLabel', { name: locale === 'ru' ? product.nameRu : product.nameEn })}
      </label>
      <span className="buy-controls">
        <input
          key={defaultQty}
          id={fieldId}
          name="qty"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={refused ? refused.qtyRaw : String(defaultQty)}
          aria-invalid={refused ? true : undefined}
          aria-describedby={`${fieldId}-status`}
        />
        <button type="submit" disabled={busy}>
          {busy ? t('buy.adding') : t('buy.add')}
        </button>
      </span>
      <AddToCartStatus id={`${fieldId}-status`} product={product} result={result} />
    </fetcher.Form>
  )
}

/**
 * What the server did with an "add to cart": added (and rounded, saying by which rule), or refused beside the
 * field. A live region that is always there, so a screen reader hears the answer when it arrives.
 */
export function AddToCartStatus({ id, product, result }: { id: string; product: BuyableProduct; result: AddToCartResult | null }) {
  const { t, locale } = useT()
  const unit = unitText(t, product.unit)
  return (
    <div id={id} className="buy-status" role="status">
      {result?.status === 'added' ? (
        <p className="notice notice-success small">
          {t('buy.added', {
            qty: formatNumber(locale, result.added),
            unit,
            name: locale === 'ru' ? result.nameRu : result.nameEn,
            total: formatNumber(locale, result.total),
          })}
          {result.rounded ? (
            <>
              {' '}
              {t(`buy.rounded.${result.rounded.rule}`, {
                qty: formatNumber(locale, result.added),
                unit,
                min: result.rounded.min,
                step: result.rounded.step,
                max: result.rounded.max ?? '',
              })}
            </>
          ) : null}{' '}
          <Link to="/cart">{t('quick.toCart')}</Link>
        </p>
      ) : result?.status === 'refused' ? (
        <p className="error-list small">
          {result.reason === 'full'
            ? t('buy.refused.full', { total: result.total ?? 0, max: result.max ?? '' })
            : result.reason === 'too_large'
              ? t('buy.refused.too_large', { max: result.max ?? '' })
              : result.reason === 'not_a_number' || result.reason === 'not_positive'
                ? t(`qty.${result.reason}`)
                : lineReasonText(t, { reason: result.reason, available: result.available })}
        </p>
      ) : null}
    </div>
  )
}
