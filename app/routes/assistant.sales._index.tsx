import type { LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { Notice } from '../components/forms'
import { formatDay } from '../i18n/format'
import { useT } from '../i18n/react'
import { requireAssistant } from '../modules/sarm/assistant-guard.server'
import { listOwnSales } from '../modules/sarm/sale-reports.server'

// The assistant's own sales, phone first: one card per report with its status, the reason of a rejection and any
// return, and how many units count (confirmed, less returns) so the number explains itself.

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope, user } = await requireAssistant(request)
  const sales = await listOwnSales({ scope, userId: user.id })
  const counted = sales.filter((s) => s.status === 'confirmed').reduce((n, s) => n + s.qty - s.returnedQty, 0)
  return json({
    counted,
    sales: sales.map((s) => ({
      id: s.id,
      nameRu: s.nameRu,
      nameEn: s.nameEn,
      sku: s.sku,
      shopName: s.shopName,
      qty: s.qty,
      returnedQty: s.returnedQty,
      returnedOn: s.returnedOn,
      serial: s.serial,
      soldOn: s.soldOn,
      receiptNo: s.receiptNo,
      status: s.status,
      rejectReason: s.rejectReason,
    })),
  })
}

export default function MySalesPage() {
  const { sales, counted } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const { t, locale } = useT()
  return (
    <section aria-labelledby="my-sales-title" className="sarm-phone">
      <h1 id="my-sales-title">{t('sarm.sales.title')}</h1>
      {params.get('reported') ? <Notice tone="success">{t('sarm.sales.reported')}</Notice> : null}
      <p>
        <Link to="/assistant/sales/new" className="button primary">
          {t('sarm.sales.new')}
        </Link>
      </p>
      <p>
        <strong>{t('sarm.sales.counted', { count: counted })}</strong> <span className="hint">{t('sarm.sales.countedHint')}</span>
      </p>
      {sales.length ? (
        <ul className="sarm-sale-cards">
          {sales.map((s) => (
            <li key={s.id} className={`card sarm-sale sarm-sale-${s.status}`}>
              <p className="sarm-sale-head">
                <strong>{locale === 'ru' ? s.nameRu : s.nameEn}</strong> <span className="muted">{s.sku}</span>
              </p>
              <p>
                {formatDay(locale, s.soldOn)} · {t('sarm.sales.qty', { count: s.qty })} · {t('sarm.reports.receipt')} {s.receiptNo}
                {s.serial ? ` · ${s.serial}` : ''}
              </p>
              <p className="muted small">{s.shopName}</p>
              <p className={`status status-${s.status}`}>{t(`sarm.status.${s.status}`)}</p>
              {s.status === 'rejected' && s.rejectReason ? <p>{t('sarm.sales.reason', { reason: s.rejectReason })}</p> : null}
              {s.returnedQty > 0 && s.returnedOn ? (
                <p>{t('sarm.sales.returned', { count: s.returnedQty, day: formatDay(locale, s.returnedOn) })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('sarm.sales.none')}</p>
      )}
    </section>
  )
}
