import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, useFetcher } from '@remix-run/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { BidReply } from '../../../../realtime/events'
import { ConfirmButton } from '../../../components/confirm-button'
import { ErrorList, validationTiming } from '../../../components/forms'
import { isMessageKey, type MessageKey } from '../../../i18n'
import { formatInstant, formatMoney, formatNumber, formatTime } from '../../../i18n/format'
import { useT } from '../../../i18n/react'
import { previewBid } from '../preview'
import { unitLabel } from '../report-words'
import { BidAmountInput, DisqualifyBidInput, ExtendLotInput, PauseLotInput } from '../schemas'
import { tenderStatusOf, type TenderStatus } from '../tender-status'
import type { BuyerLotView, Extension, LotEventView, LotStatus, SupplierLotView } from '../views'
import type { CaughtUp, Connection } from './use-room'
import { useRemaining } from './use-room'
import { LotPriceCurve } from './price-curve'

// The pieces of the auction room: the countdown on the server's clock, the connection banner, the extension list,
// a supplier's lot (rank, market as the preset allows, bid box with a confirmation) and the buyer's lot (every
// bid with its supplier, the controls, the award).

/** The tender's status as both sides read it (tender-status.ts): computed from its lots, live as they move. */
export function TenderStatusBadge({ status }: { status: TenderStatus }) {
  const { t } = useT()
  return (
    <span className={`status status-tender-${status}`} data-tender-status={status}>
      {t(`tenders.status.${status}`)}
    </span>
  )
}

/** The tender's status from the lots as the room shows them now: pushed views where there are any, else as loaded. */
export function useTenderStatus(
  stored: TenderStatus,
  loaded: readonly (BuyerLotView | SupplierLotView)[],
  live: Record<string, BuyerLotView | SupplierLotView>,
): TenderStatus {
  return tenderStatusOf(
    stored,
    loaded.map((v) => {
      // The newer of the two: loader data after an action can be ahead of the pushed view for a render.
      const pushed = live[v.lotId]
      const now = pushed && pushed.seq >= v.seq ? pushed : v
      return { status: now.status, awarded: 'award' in now ? now.award !== null : now.awarded !== null }
    }),
  )
}

export function LotStatusBadge({ status }: { status: LotStatus }) {
  const { t } = useT()
  return <span className={`status status-lot-${status}`}>{t(`auction.status.${status}`)}</span>
}

function clockText(ms: number) {
  const s = Math.ceil(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const two = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`
}

/** Time left (or to the start) on the database clock, corrected by the measured offset. */
export function Countdown({
  view,
  offsetMs,
}: {
  view: { status: LotStatus; startsAt: string; endsAt: string; pausedAt: string | null }
  offsetMs: number
}) {
  const { t } = useT()
  const target = view.status === 'scheduled' ? view.startsAt : view.endsAt
  const remaining = useRemaining(target, offsetMs, view.pausedAt)
  if (view.status === 'closed' || view.status === 'cancelled') return null
  const label = view.status === 'scheduled' ? t('auction.startsIn') : view.status === 'paused' ? t('auction.pausedLeft') : t('auction.endsIn')
  return (
    <p className="countdown" data-remaining-ms={remaining ?? undefined}>
      <span className="muted">{label}</span> <strong className="clock">{remaining === null ? '—' : clockText(remaining)}</strong>
    </p>
  )
}

export function ConnectionBanner({
  connection,
  caughtUp,
  clock,
}: {
  connection: Connection
  caughtUp: CaughtUp | null
  clock: { offsetMs: number; rttMs: number } | null
}) {
  const { t, locale } = useT()
  const [showCaughtUp, setShowCaughtUp] = useState(false)
  useEffect(() => {
    if (!caughtUp) return
    setShowCaughtUp(true)
    const timer = setTimeout(() => setShowCaughtUp(false), 15_000)
    return () => clearTimeout(timer)
  }, [caughtUp])
  return (
    <div role="status" aria-live="polite" className="connection" data-connection={connection}>
      {connection === 'offline' ? <p className="notice notice-warning">{t('auction.offline')}</p> : null}
      {showCaughtUp && caughtUp ? (
        <p className="notice">
          {t('auction.caughtUp', { seconds: formatNumber(locale, Math.round(caughtUp.offlineMs / 1000)), count: caughtUp.events })}
        </p>
      ) : null}
      <p className="muted small">
        {connection === 'online' ? t('auction.online') : connection === 'connecting' ? t('auction.connecting') : t('auction.offlineShort')}
        {clock
          ? ` · ${t('auction.clockOffset', { offset: formatNumber(locale, Math.round(clock.offsetMs)), rtt: formatNumber(locale, Math.round(clock.rttMs)) })}`
          : ''}
      </p>
    </div>
  )
}

/** The pre-start check: the socket answers and the clock offset is known. */
export function ConnectionCheck({ connection, clock }: { connection: Connection; clock: { offsetMs: number; rttMs: number } | null }) {
  const { t, locale } = useT()
  const socketOk = connection === 'online'
  const clockOk = clock !== null && Math.abs(clock.offsetMs) < 60_000
  return (
    <section aria-labelledby="check-title" className="card">
      <h2 id="check-title">{t('auction.check.title')}</h2>
      <ul className="checklist">
        <li data-ok={socketOk}>{socketOk ? t('auction.check.socketOk') : t('auction.check.socketDown')}</li>
        <li data-ok={!!clock}>
          {clock
            ? t('auction.check.clock', {
                offset: formatNumber(locale, Math.round(clock.offsetMs)),
                rtt: formatNumber(locale, Math.round(clock.rttMs)),
              })
            : t('auction.check.clockUnknown')}
        </li>
        {clock && !clockOk ? <li data-ok="false">{t('auction.check.clockFar')}</li> : null}
      </ul>
      <p className="muted small">{t('auction.check.fallback')}</p>
    </section>
  )
}

export function ExtensionList({ extensions, maxExtensions, locale }: { extensions: Extension[]; maxExtensions: number | null; locale: 'ru' | 'en' }) {
  const { t, timeZone } = useT()
  const soft = extensions.filter((e) => e.cause === 'lead_in_window').length
  if (!extensions.length) return <p className="muted small">{t('auction.noExtensions')}</p>
  return (
    <details className="extensions">
      <summary>
        {t('auction.extensions', { count: extensions.length })}
        {maxExtensions !== null ? ` · ${t('auction.extensionCap', { used: soft, max: maxExtensions })}` : ''}
      </summary>
      <ul>
        {extensions.map((e) => (
          <li key={e.seq}>
            {formatTime(locale, e.at, timeZone)}: {t(`auction.extension.${e.cause}`, { end: formatTime(locale, e.endsAt, timeZone) })}
            {e.reason ? ` (${e.reason})` : ''}
          </li>
        ))}
      </ul>
    </details>
  )
}

/** An event in words: one's own bid and one's own struck bid have their own phrase. */
const eventKey = (e: LotEventView): MessageKey =>
  e.own && (e.kind === 'bid' || e.kind === 'disqualified') ? `auction.event.${e.kind}Own` : `auction.event.${e.kind}`

export function EventFeed({ events, locale }: { events: LotEventView[]; locale: 'ru' | 'en' }) {
  const { t, timeZone } = useT()
  if (!events.length) return null
  return (
    <ol className="event-feed small" aria-label={t('auction.feed')} reversed>
      {[...events]
        .reverse()
        .slice(0, 8)
        .map((e) => (
          <li key={e.seq}>
            <span className="muted">{formatTime(locale, e.at, timeZone)}</span> {t(eventKey(e))}
            {e.reason ? ` — ${e.reason}` : ''}
          </li>
        ))}
    </ol>
  )
}

/** A refusal as the server named it (a bid rule, or the room's own), in words; a name this page does not know as "unavailable". */
function refusalKey(rule: string): MessageKey {
  const key = `auction.rule.${rule}`
  return isMessageKey(key) ? key : 'auction.rule.unavailable'
}

/** The result of a bid as the bidder reads it: the receipt, or which rule refused it. */
export function BidOutcome({ reply, locale }: { reply: BidReply | null; locale: 'ru' | 'en' }) {
  const { t, timeZone } = useT()
  if (!reply) return null
  if (!reply.ok)
    return (
      <p className="notice notice-warning" role="alert" data-bid-refused={reply.rule}>
        {t(refusalKey(reply.rule))}
      </p>
    )
  return (
    <p className="notice notice-success" role="status" data-bid-accepted={reply.receipt.seq}>
      {t('auction.accepted', {
        price: formatMoney(locale, reply.receipt.priceMinor),
        seq: reply.receipt.seq,
        time: formatInstant(locale, reply.receipt.receivedAt, timeZone),
        hash: reply.receipt.hash.slice(0, 16),
      })}
      {reply.receipt.extended ? ` ${t('auction.acceptedExtended', { end: formatTime(locale, reply.receipt.endsAt, timeZone) })}` : ''}
    </p>
  )
}

/** The lot's header, the same on both sides: what is bought, the ceiling and steps, the status and the clock. */
function LotHeader({ view, offsetMs, reserveMinor }: { view: SupplierLotView | BuyerLotView; offsetMs: number; reserveMinor?: number | null }) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  return (
    <header>
      <h2 id={`lot-${view.lineNo}-title`}>
        {t('auction.lotTitle', { n: view.lineNo })} · {view.item}
      </h2>
      <p className="muted">
        {formatNumber(locale, view.quantity)} {unitLabel(t, view.unit)} · {t('auction.ceiling')} {money(view.startPriceMinor)}
        {reserveMinor !== undefined && reserveMinor !== null ? ` · ${t('auction.reserveValue', { value: money(reserveMinor) })}` : ''} ·{' '}
        {t('auction.steps', { min: money(view.minStepMinor), max: money(view.maxStepMinor) })}
      </p>
      <LotStatusBadge status={view.status} />
      <Countdown view={view} offsetMs={offsetMs} />
    </header>
  )
}

/** What a supplier knows of its standing and, as the preset allows, of the market. */
function SupplierFacts({ view }: { view: SupplierLotView }) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  return (
    <dl className="facts">
      <div>
        <dt>{t('auction.ownRank')}</dt>
        <dd data-own-rank={view.own.rank ?? ''}>{view.own.rank ?? '—'}</dd>
      </div>
      <div>
        <dt>{t('auction.ownLast')}</dt>
        <dd>{view.own.lastBidMinor === null ? '—' : money(view.own.lastBidMinor)}</dd>
      </div>
      {view.bestMinor !== undefined ? (
        <div>
          <dt>{t('auction.best')}</dt>
          <dd data-best={view.bestMinor ?? ''}>{view.bestMinor === null ? '—' : money(view.bestMinor)}</dd>
        </div>
      ) : null}
      {view.bidderCount !== undefined ? (
        <div>
          <dt>{t('auction.bidders')}</dt>
          <dd>{view.bidderCount}</dd>
        </div>
      ) : null}
      {view.reserveMet !== null ? (
        <div>
          <dt>{t('auction.reserve')}</dt>
          <dd>{view.reserveMet ? t('auction.reserveMet') : t('auction.reserveNotMet')}</dd>
        </div>
      ) : null}
    </dl>
  )
}

/** The confirmation before a bid goes out: what it would mean, from the bidder's own view (preview.ts), and the refusals it can see coming. */
function BidConfirmation({
  view,
  priceMinor,
  confirmRef,
  onConfirm,
  onChange,
}: {
  view: SupplierLotView
  priceMinor: number
  confirmRef: React.RefObject<HTMLButtonElement>
  onConfirm: () => void
  onChange: () => void
}) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  const preview = useMemo(() => previewBid(view, priceMinor), [view, priceMinor])
  const id = (s: string) => `lot-${view.lineNo}-${s}`
  return (
    <div className="bid-confirm" role="dialog" aria-labelledby={id('confirm-title')}>
      <h3 id={id('confirm-title')}>{t('auction.confirmTitle', { price: money(priceMinor) })}</h3>
      <ul>
        <li>{preview.belowOwnMinor === null ? t('auction.firstBid') : t('auction.belowOwn', { diff: money(preview.belowOwnMinor) })}</li>
        {preview.belowBestMinor !== null ? (
          <li>
            {preview.belowBestMinor >= 0
              ? t('auction.belowBest', { diff: money(preview.belowBestMinor) })
              : t('auction.aboveBest', { diff: money(-preview.belowBestMinor) })}
          </li>
        ) : null}
        <li>
          {preview.rank === null
            ? t('auction.rankHidden')
            : 'exact' in preview.rank
              ? t('auction.wouldRank', { rank: preview.rank.exact })
              : t('auction.wouldRankAtLeast', { rank: preview.rank.atLeast })}
        </li>
      </ul>
      {preview.problems.map((p) => (
        <p key={p} className="notice notice-warning">
          {t(`auction.rule.${p}`)}
        </p>
      ))}
      {preview.bigDrop ? (
        <p className="notice notice-warning big-drop" role="alert">
          <strong>{t('auction.bigDrop')}</strong>
        </p>
      ) : null}
      <button type="button" className="primary" ref={confirmRef} onClick={onConfirm}>
        {t('auction.confirm')}
      </button>{' '}
      <button type="button" onClick={onChange}>
        {t('auction.change')}
      </button>
    </div>
  )
}

/**
 * The bid box: an amount typed in roubles, checked with the server's schema (schemas.ts BidAmountInput), then the
 * confirmation, then the bid over the socket or, without one, the same bid (same client bid id) over HTTPS.
 */
function BidBox({
  view,
  bidOverSocket,
}: {
  view: SupplierLotView
  bidOverSocket: (lotId: string, priceMinor: number, clientBidId: string) => Promise<BidReply | null>
}) {
  const { t, locale } = useT()
  const [amount, setAmount] = useState('')
  const [pending, setPending] = useState<{ priceMinor: number; clientBidId: string } | null>(null)
  const [reply, setReply] = useState<BidReply | null>(null)
  const [amountError, setAmountError] = useState<MessageKey | null>(null)
  const fetcher = useFetcher<{ bid?: BidReply }>()
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (fetcher.data?.bid) setReply(fetcher.data.bid)
  }, [fetcher.data])
  useEffect(() => {
    if (pending) confirmRef.current?.focus()
  }, [pending])
  const id = (s: string) => `lot-${view.lineNo}-${s}`

  const review = (e: React.FormEvent) => {
    e.preventDefault()
    const parsed = BidAmountInput.safeParse({ amount })
    if (!parsed.success) {
      setAmountError('auction.amountInvalid')
      return
    }
    setAmountError(null)
    setReply(null)
    setPending({ priceMinor: parsed.data.amount, clientBidId: crypto.randomUUID() })
  }
  const confirm = async () => {
    if (!pending) return
    const viaSocket = await bidOverSocket(view.lotId, pending.priceMinor, pending.clientBidId)
    if (viaSocket) setReply(viaSocket)
    // No socket: the same bid, with the same client bid id, over plain HTTPS.
    else
      fetcher.submit(
        { intent: 'bid', lotId: view.lotId, priceMinor: String(pending.priceMinor), clientBidId: pending.clientBidId },
        { method: 'post' },
      )
    setPending(null)
    setAmount('')
  }
  return (
    <>
      {view.status === 'live' ? (
        <form onSubmit={review} className="bid-box" noValidate>
          <label htmlFor={id('amount')}>{t('auction.yourBid', { currency: view.currency })}</label>
          <input
            id={id('amount')}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amountError ? true : undefined}
            aria-describedby={amountError ? id('amount-error') : undefined}
          />
          {amountError ? (
            <p id={id('amount-error')} className="error-list" role="alert">
              {t(amountError)}
            </p>
          ) : null}
          <button type="submit">{t('auction.review')}</button>
        </form>
      ) : null}
      {pending ? (
        <BidConfirmation view={view} priceMinor={pending.priceMinor} confirmRef={confirmRef} onConfirm={confirm} onChange={() => setPending(null)} />
      ) : null}
      <BidOutcome reply={reply} locale={locale} />
    </>
  )
}

/** The anonymised history, when the preset shows it: "you" or "Bidder n", never who. */
function MarketHistory({ view }: { view: SupplierLotView }) {
  const { t, locale, timeZone } = useT()
  if (!view.history) return null
  return (
    <details>
      <summary>{t('auction.history')}</summary>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('auction.time')}</th>
            <th scope="col">{t('auction.bidder')}</th>
            <th scope="col" className="num">
              {t('auction.price')}
            </th>
          </tr>
        </thead>
        <tbody>
          {view.history.map((h, i) => (
            <tr key={i}>
              <td data-label={t('auction.time')}>{formatTime(locale, h.at, timeZone)}</td>
              <td data-label={t('auction.bidder')}>{h.alias === view.own.alias ? t('auction.you') : t('auction.alias', { n: h.alias })}</td>
              <td data-label={t('auction.price')} className="num">
                {formatMoney(locale, h.priceMinor, view.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

/** The supplier's own bids with their receipts (server time to the microsecond and the chain hash). */
function OwnBids({ view }: { view: SupplierLotView }) {
  const { t, locale, timeZone } = useT()
  if (!view.own.bids.length) return null
  return (
    <details>
      <summary>{t('auction.ownBids', { count: view.own.bids.length })}</summary>
      <table className="data-table cards">
        <thead>
          <tr>
            <th scope="col">{t('auction.seq')}</th>
            <th scope="col">{t('auction.serverTime')}</th>
            <th scope="col" className="num">
              {t('auction.price')}
            </th>
            <th scope="col">{t('auction.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {view.own.bids.map((b) => (
            <tr key={b.seq}>
              <td data-label={t('auction.seq')}>{b.seq}</td>
              <td data-label={t('auction.serverTime')}>
                <time dateTime={b.receivedAt}>{formatInstant(locale, b.receivedAt, timeZone)}</time>
              </td>
              <td data-label={t('auction.price')} className="num">
                {formatMoney(locale, b.priceMinor, view.currency)}
                {b.disqualifiedReason ? ` · ${t('auction.disqualified', { reason: b.disqualifiedReason })}` : ''}
              </td>
              <td data-label={t('auction.hash')}>
                <code>{b.hash.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

/** A supplier's lot: its standing, the market as the preset allows, the bid box, its own bids and the events. */
export function SupplierLot({
  view,
  offsetMs,
  events,
  outbid,
  bidOverSocket,
}: {
  view: SupplierLotView
  offsetMs: number
  events: LotEventView[]
  outbid: boolean
  bidOverSocket: (lotId: string, priceMinor: number, clientBidId: string) => Promise<BidReply | null>
}) {
  const { t, locale } = useT()
  return (
    <article className="card lot" aria-labelledby={`lot-${view.lineNo}-title`} data-lot={view.lineNo} data-seq={view.seq} data-status={view.status}>
      <LotHeader view={view} offsetMs={offsetMs} />
      {outbid ? (
        <p className="notice notice-warning" role="alert">
          {t('auction.outbid')}
        </p>
      ) : null}
      {view.cancelReason ? <p className="notice notice-warning">{t('auction.cancelled', { reason: view.cancelReason })}</p> : null}
      {view.awarded ? <p className="notice">{view.awarded.own ? t('auction.awardedOwn') : t('auction.awardedOther')}</p> : null}
      <SupplierFacts view={view} />
      <ExtensionList extensions={view.extensions} maxExtensions={view.maxExtensions} locale={locale} />
      <BidBox view={view} bidOverSocket={bidOverSocket} />
      <LotPriceCurve view={view} />
      <MarketHistory view={view} />
      <OwnBids view={view} />
      <EventFeed events={events} locale={locale} />
    </article>
  )
}

/** Before asking to confirm, let the browser say what the form still lacks (a reason): the dialog comes after. */
export function validFirst(event: React.MouseEvent<HTMLButtonElement>) {
  if (event.currentTarget.form && !event.currentTarget.form.reportValidity()) event.preventDefault()
}

/**
 * A control with a reason (pause, extend, strike a bid out), validated in the browser with the schema the server
 * parses it with (schemas.ts), before any confirmation.
 */
function ReasonForm({
  schema,
  intent,
  lotId,
  label,
  extra,
  reasonOptional,
  idPart = '',
  confirm,
}: {
  schema: typeof PauseLotInput | typeof ExtendLotInput | typeof DisqualifyBidInput
  intent: 'pause' | 'extend' | 'disqualify'
  lotId: string
  label: string
  extra?: React.ReactNode
  reasonOptional?: boolean
  idPart?: string | number
  confirm?: { title: string; consequence: string }
}) {
  const { t } = useT()
  const [form, f] = useForm({
    id: `${intent}-${lotId}${idPart}`,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    ...validationTiming,
  })
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="lotId" value={lotId} />
      {extra}
      <label htmlFor={f.reason.id}>{reasonOptional ? t('auction.reasonOptional') : t('auction.reason')}</label>
      <input {...getInputProps(f.reason, { type: 'text' })} key={f.reason.key} />
      <ErrorList id={f.reason.errorId} errors={f.reason.errors} />
      {/* The other fields (minutes, the lot and bid numbers) are short or hidden: their refusals are said here. */}
      <ErrorList errors={Object.entries(form.allErrors).flatMap(([name, errors]) => (name === 'reason' ? [] : errors))} />
      {confirm ? (
        <ConfirmButton className="danger" onClick={validFirst} title={confirm.title} consequence={confirm.consequence}>
          {label}
        </ConfirmButton>
      ) : (
        <button type="submit">{label}</button>
      )}
    </Form>
  )
}

/** The award: to rank 1 by default, confirmed in words; above the hidden reserve only with an acknowledgement. */
function AwardForm({ view, askReserve }: { view: BuyerLotView; askReserve: boolean }) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  const [chosen, setChosen] = useState(view.ranking[0].supplierOrgId)
  // With JavaScript the confirmation dialog asks for the acknowledgement; a page without it has no dialog, so after
  // the refusal the form itself asks.
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  const inForm = askReserve && !scripted
  const pick = view.ranking.find((r) => r.supplierOrgId === chosen) ?? view.ranking[0]
  const formId = `award-${view.lotId}`
  const over = view.reserveMinor !== null && pick.priceMinor > view.reserveMinor ? pick.priceMinor - view.reserveMinor : null
  const acknowledge = (
    <label className="checkbox reserve-ack">
      <input type="checkbox" name="reserveAcknowledged" value="yes" form={formId} /> {t('auction.reserveAcknowledge')}
    </label>
  )
  const warning =
    over === null ? undefined : (
      <>
        {t(pick.rank === 1 ? 'auction.reserveWarningBest' : 'auction.reserveWarningChosen', {
          price: money(pick.priceMinor),
          reserve: money(view.reserveMinor!),
          percent: formatNumber(locale, over / view.reserveMinor!, { style: 'percent', maximumFractionDigits: 1 }),
        })}
        <br />
        {acknowledge}
      </>
    )
  return (
    <Form method="post" className="award-form" id={formId}>
      <h3>{t('auction.award')}</h3>
      <input type="hidden" name="intent" value="award" />
      <input type="hidden" name="lotId" value={view.lotId} />
      <label htmlFor={`award-${view.lotId}-supplier`}>{t('auction.awardTo')}</label>
      <select id={`award-${view.lotId}-supplier`} name="supplierOrgId" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        {view.ranking.map((r) => (
          <option key={r.supplierOrgId} value={r.supplierOrgId}>
            {r.rank}. {r.supplierName} — {money(r.priceMinor)}
          </option>
        ))}
      </select>
      <label htmlFor={`award-${view.lotId}-reason`}>{t('auction.awardReason')}</label>
      <input id={`award-${view.lotId}-reason`} name="reason" maxLength={500} />
      {/* Without JavaScript there is no dialog: after the refusal the acknowledgement is asked here. */}
      {inForm && over !== null ? <p className="notice notice-warning">{warning}</p> : null}
      <ConfirmButton
        className="primary"
        title={t('auction.confirmAward.title', { n: view.lineNo, supplier: pick.supplierName })}
        consequence={t('auction.confirmAward.text', { n: view.lineNo, supplier: pick.supplierName, price: money(pick.priceMinor) })}
        warning={inForm ? undefined : warning}
      >
        {t('auction.awardConfirm')}
      </ConfirmButton>
    </Form>
  )
}

/** The buyer's facts of a lot: the best, who bid of those invited, and the saving against the ceiling. */
function BuyerFacts({ view }: { view: BuyerLotView }) {
  const { t, locale } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  const awardedPrice = view.award ? view.ranking.find((r) => r.supplierOrgId === view.award!.supplierOrgId)?.priceMinor : undefined
  const saving = view.bestMinor === null ? null : view.startPriceMinor - (awardedPrice ?? view.bestMinor)
  return (
    <dl className="facts">
      <div>
        <dt>{t('auction.best')}</dt>
        <dd data-best={view.bestMinor ?? ''}>{view.bestMinor === null ? '—' : money(view.bestMinor)}</dd>
      </div>
      <div>
        <dt>{t('auction.bidders')}</dt>
        <dd>{t('auction.biddersOfInvited', { bidders: view.bidderCount, invited: view.invitedCount })}</dd>
      </div>
      {saving !== null ? (
        <div>
          <dt>{t('auction.savings')}</dt>
          <dd>
            {money(saving)} ({formatNumber(locale, saving / view.startPriceMinor, { style: 'percent', maximumFractionDigits: 1 })})
          </dd>
        </div>
      ) : null}
    </dl>
  )
}

/** Pause or resume, and extend, while the lot runs or is paused. */
function LotControls({ view }: { view: BuyerLotView }) {
  const { t } = useT()
  if (view.status !== 'live' && view.status !== 'paused') return null
  return (
    <div className="controls">
      {view.status === 'live' ? (
        <ReasonForm schema={PauseLotInput} intent="pause" lotId={view.lotId} label={t('auction.pause')} reasonOptional />
      ) : null}
      {view.status === 'paused' ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="resume" />
          <input type="hidden" name="lotId" value={view.lotId} />
          <button type="submit">{t('auction.resume')}</button>
        </Form>
      ) : null}
      <ReasonForm
        schema={ExtendLotInput}
        intent="extend"
        lotId={view.lotId}
        label={t('auction.extend')}
        extra={
          <>
            <label htmlFor={`extend-${view.lotId}-minutes`}>{t('auction.minutes')}</label>
            <input id={`extend-${view.lotId}-minutes`} name="minutes" type="number" min={1} max={120} defaultValue={5} required />
          </>
        }
      />
    </div>
  )
}

/** Every bid with its supplier, newest first, and a strike-out for each that stands until the award. */
function BidLog({ view }: { view: BuyerLotView }) {
  const { t, locale, timeZone } = useT()
  const money = (m: number) => formatMoney(locale, m, view.currency)
  const rankOf = new Map(view.ranking.map((r) => [r.supplierOrgId, r]))
  return (
    <table className="data-table cards bids">
      <caption>{t('auction.allBids')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('auction.seq')}</th>
          <th scope="col">{t('auction.serverTime')}</th>
          <th scope="col">{t('auction.supplier')}</th>
          <th scope="col" className="num">
            {t('auction.price')}
          </th>
          <th scope="col">{t('auction.rankNow')}</th>
          <th scope="col">{t('auction.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {[...view.bids].reverse().map((b) => (
          <tr key={b.seq} className={b.disqualifiedReason ? 'struck' : undefined}>
            <td data-label={t('auction.seq')}>{b.seq}</td>
            <td data-label={t('auction.serverTime')}>
              <time dateTime={b.receivedAt}>{formatInstant(locale, b.receivedAt, timeZone)}</time>
            </td>
            <td data-label={t('auction.supplier')}>{b.supplierName}</td>
            <td data-label={t('auction.price')} className="num">
              {money(b.priceMinor)}
              {b.extendedTo ? ` · ${t('auction.extendedTo', { end: formatTime(locale, b.extendedTo, timeZone) })}` : ''}
            </td>
            <td data-label={t('auction.rankNow')}>
              {b.disqualifiedReason
                ? t('auction.disqualified', { reason: b.disqualifiedReason })
                : rankOf.get(b.supplierOrgId)?.priceMinor === b.priceMinor
                  ? rankOf.get(b.supplierOrgId)!.rank
                  : ''}
            </td>
            <td>
              {!b.disqualifiedReason && !view.award && view.status !== 'cancelled' ? (
                <ReasonForm
                  schema={DisqualifyBidInput}
                  intent="disqualify"
                  idPart={`-${b.seq}`}
                  lotId={view.lotId}
                  label={t('auction.disqualify')}
                  extra={<input type="hidden" name="bidSeq" value={b.seq} />}
                  confirm={{
                    title: t('auction.confirmDisqualify.title', { seq: b.seq }),
                    consequence: t('auction.confirmDisqualify.text', { seq: b.seq, supplier: b.supplierName, price: money(b.priceMinor) }),
                  }}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The buyer's lot: every bid with its supplier, the controls, the award. */
export function BuyerLot({
  view,
  offsetMs,
  events,
  askReserve = false,
}: {
  view: BuyerLotView
  offsetMs: number
  events: LotEventView[]
  askReserve?: boolean
}) {
  const { t, locale } = useT()
  return (
    <article className="card lot" aria-labelledby={`lot-${view.lineNo}-title`} data-lot={view.lineNo} data-seq={view.seq} data-status={view.status}>
      <LotHeader view={view} offsetMs={offsetMs} reserveMinor={view.reserveMinor} />
      <BuyerFacts view={view} />
      <ExtensionList extensions={view.extensions} maxExtensions={view.maxExtensions} locale={locale} />
      <LotControls view={view} />
      {view.status === 'closed' && !view.award && view.ranking.length ? (
        <AwardForm key={view.ranking[0].supplierOrgId} view={view} askReserve={askReserve} />
      ) : null}
      {view.award ? (
        <p className="notice notice-success" data-awarded={view.award.supplierName}>
          {t('auction.awardedTo', { name: view.award.supplierName })}
          {view.award.reason ? ` — ${view.award.reason}` : ''}
        </p>
      ) : null}
      <LotPriceCurve view={view} />
      <BidLog view={view} />
      <EventFeed events={events} locale={locale} />
    </article>
  )
}
