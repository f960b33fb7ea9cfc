import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react'
import { useEffect, useMemo, useState } from 'react'
import { Notice } from '../components/forms'
import { formatDateTime, formatTimeZone } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { ConnectionBanner, ConnectionCheck, SupplierLot, TenderStatusBadge, useTenderStatus } from '../modules/auctions/components/room'
import type { TenderStatus } from '../modules/auctions/tender-status'
import { useAuctionRoom } from '../modules/auctions/components/use-room'
import { acceptTerms, placeBid } from '../modules/auctions/mutations.server'
import { getInvitation, readSupplierLots, supplierReport } from '../modules/auctions/queries.server'
import { ReportCurves } from '../modules/auctions/components/price-curve'
import { disclosureOf, type LotEventView, type SupplierLotView } from '../modules/auctions/views'
import { BidAmountInput } from '../modules/auctions/schemas'
import { invariantResponse, readFormData, uuidParam } from '../utils/http.server'

// The room for an invited supplier: the terms to accept, the connection check, then each lot live. Bids go over
// the socket; when it is down the same bid (same client bid id) is posted here over plain HTTPS.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, user } = await requirePermission(request, 'bid:tender:org')
  const tenderId = uuidParam(params.tenderId)
  const tender = await getInvitation({ scope, tenderId })
  invariantResponse(tender?.verified, 'error.notFound.title', { status: 404 })
  const views = tender.acceptedTermsAt ? await readSupplierLots({ scope, tenderId }) : []
  // After the close, the supplier's report (the same allow-listed data as its CSV) as charts.
  const report = tender.acceptedTermsAt ? await supplierReport({ scope, tenderId }) : null
  return json({
    tender,
    views,
    report: report && report !== 'not_finished' ? report : null,
    zone: formatTimeZone(resolveLocale(request, user.locale), tender.timeZone),
  })
}

const statusOf = (rule: string) =>
  rule === 'invalid_payload' || rule === 'invalid_amount' ? 400 : rule === 'not_invited' ? 404 : rule === 'rate_limited' ? 429 : 409

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'bid:tender:org')
  const { scope } = auth
  const tenderId = uuidParam(params.tenderId)
  const form = await readFormData(request)
  const intent = form.get('intent')
  if (intent === 'acceptTerms') {
    const r = await acceptTerms({ scope, actor: actorOf(auth, context.clientIp), tenderId })
    return json({ accepted: r.ok, bid: null }, { status: r.ok ? 200 : 404 })
  }
  if (intent === 'bid') {
    // The socket's payload, rebuilt from the form: an amount typed in roubles, or integer minor units from the page.
    const minor = form.get('priceMinor')
    const amount = BidAmountInput.safeParse({ amount: form.get('amount') ?? undefined })
    const priceMinor = typeof minor === 'string' && /^\d{1,15}$/.test(minor) ? Number(minor) : amount.success ? amount.data.amount : null
    const result = await placeBid({
      scope,
      userId: auth.user.id,
      tenderId,
      payload: { lotId: form.get('lotId'), priceMinor: priceMinor ?? minor, clientBidId: form.get('clientBidId') },
    })
    // A lot of another tender, even one the supplier is invited to, is "not invited" here: the page's tender only.
    return json({ accepted: null, bid: result }, { status: result.ok ? 200 : statusOf(result.rule) })
  }
  return json({ accepted: null, bid: null, error: 'errors.invalidRequest' }, { status: 400 })
}

function Terms() {
  const { tender } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <section className="card" aria-labelledby="terms-title">
      <h2 id="terms-title">{t('tenders.termsTitle')}</h2>
      <p className="terms">{tender.terms}</p>
      {/* What the report after the close will show of the others: part of the terms the supplier accepts. */}
      <p data-disclosure={disclosureOf(tender.visibility, tender.disclosure)}>
        {t(`tenders.visibilityForSupplier.${tender.visibility}`)}{' '}
        {t('tenders.disclosureForSupplier', { what: t(`tenders.disclosure.${disclosureOf(tender.visibility, tender.disclosure)}`) })}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="acceptTerms" />
        <button type="submit" className="primary">
          {t('tenders.acceptTerms')}
        </button>
      </Form>
    </section>
  )
}

function Room({ onStatus }: { onStatus: (status: TenderStatus) => void }) {
  const { tender, views, report } = useLoaderData<typeof loader>()
  const { t } = useT()
  const revalidator = useRevalidator()
  const [events, setEvents] = useState<Record<string, LotEventView[]>>({})
  const [outbid, setOutbid] = useState<Record<string, boolean>>({})
  const initial = useMemo(() => views, [views])
  const room = useAuctionRoom<SupplierLotView>(tender.id, initial, (lotId, evs, before, after) => {
    setEvents((e) => ({ ...e, [lotId]: [...(e[lotId] ?? []), ...evs].slice(-50) }))
    if (after.own.rank !== null)
      setOutbid((o) => ({
        ...o,
        [lotId]: before?.own.rank === 1 && after.own.rank !== 1 ? true : after.own.rank === 1 ? false : (o[lotId] ?? false),
      }))
  })
  // Without the socket the page re-reads the lots every few seconds, so the clock and rank stay current.
  useEffect(() => {
    if (room.connection !== 'offline') return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 5000)
    return () => clearInterval(timer)
  }, [room.connection, revalidator])
  const status = useTenderStatus(tender.status, views, room.views)
  useEffect(() => onStatus(status), [status, onStatus])
  const started = views.some((v) => v.status !== 'scheduled')
  return (
    <>
      <ConnectionBanner connection={room.connection} caughtUp={room.caughtUp} clock={room.clock} />
      {!started ? <ConnectionCheck connection={room.connection} clock={room.clock} /> : null}
      <p className="muted small">
        {t(`tenders.visibilityForSupplier.${tender.visibility}`)}{' '}
        {t('tenders.disclosureForSupplier', { what: t(`tenders.disclosure.${disclosureOf(tender.visibility, tender.disclosure)}`) })}
      </p>
      {views.map((v) => (
        <SupplierLot
          key={v.lotId}
          view={room.views[v.lotId] ?? v}
          offsetMs={room.clock?.offsetMs ?? 0}
          events={events[v.lotId] ?? []}
          outbid={!!outbid[v.lotId]}
          bidOverSocket={room.bidOverSocket}
        />
      ))}
      {report ? <ReportCurves lots={report.lots} currency={report.tender.currency} /> : null}
      {status === 'closed' || status === 'awarded' || status === 'cancelled' ? (
        <p className="actions">
          <a href={`/tenders/${tender.id}/report.csv`} download>
            {t('tenders.ownReport')}
          </a>
        </p>
      ) : null}
    </>
  )
}

export default function SupplierTenderPage() {
  const { tender, zone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, locale, timeZone } = useT()
  // The room moves the lots live; the badge up here follows them (the same rule as the officer's page).
  const [liveStatus, setLiveStatus] = useState<TenderStatus | null>(null)
  return (
    <section aria-labelledby="tender-heading">
      <h1 id="tender-heading">{tender.title}</h1>
      <p>
        <Link to="/tenders">{t('tenders.backInvitations')}</Link> · <TenderStatusBadge status={liveStatus ?? tender.status} />
        {tender.startsAt ? ` · ${t('tenders.startsAtValue', { at: formatDateTime(locale, tender.startsAt, timeZone), zone })}` : ''}
      </p>
      {actionData?.accepted ? <Notice tone="success">{t('tenders.termsAcceptedNotice')}</Notice> : null}
      {tender.acceptedTermsAt ? <Room onStatus={setLiveStatus} /> : <Terms />}
    </section>
  )
}
