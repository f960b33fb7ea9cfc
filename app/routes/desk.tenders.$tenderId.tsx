import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useEffect, useMemo, useState } from 'react'
import { z } from 'zod'
import { Field, FormErrors, Notice, SelectField, validationTiming } from '../components/forms'
import { ConfirmButton } from '../components/confirm-button'
import { isMessageKey, type MessageKey } from '../i18n'
import { formatDateTime, formatMoney, formatTimeZone, toLocalInput } from '../i18n/format'
import { resolveLocale } from '../i18n/locale.server'
import { useT } from '../i18n/react'
import { actorOf, requirePermission } from '../modules/auth/guards.server'
import { BuyerLot, ConnectionBanner, TenderStatusBadge, useTenderStatus, validFirst } from '../modules/auctions/components/room'
import { useAuctionRoom } from '../modules/auctions/components/use-room'
import { runTenderAction, saveLot, saveTender, type SetupResult } from '../modules/auctions/mutations.server'
import { getTenderDesk } from '../modules/auctions/queries.server'
import { CancelTenderInput, LotInput, lotUnits, TenderAction, TenderInput } from '../modules/auctions/schemas'
import type { TenderStatus } from '../modules/auctions/tender-status'
import { unitLabel } from '../modules/auctions/report-words'
import { disclosureOf, reportDisclosures, visibilityPresets, type BuyerLotView, type LotEventView } from '../modules/auctions/views'
import { invariantResponse, newOrIdParam, parseForm, readFormData } from '../utils/http.server'

// One tender for the procurement officer: set up while a draft (header, lots, invited suppliers, then schedule or
// start now); from then on the live room with every bid and the controls, and after the close the award and the
// protocol. `/desk/tenders/new` creates a draft.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, org, user } = await requirePermission(request, 'manage:tender:any')
  const desk = await getTenderDesk({ scope, buyerOrgId: org.id, tenderId: newOrIdParam(params.tenderId) })
  invariantResponse(desk, 'error.notFound.title', { status: 404 })
  // The start is typed and shown on the operator's wall clock; the page says which (named on the server: see formatTimeZone).
  const { timeZone, ...rest } = desk
  return json({ ...rest, zone: formatTimeZone(resolveLocale(request, user.locale), timeZone) })
}

/** What the page says after an action: the refusal, or once what was done (`done`, with what it needs to say so). */
type ActionData = {
  intent: string
  result?: SubmissionResult<string[]>
  error?: MessageKey
  done?: 'save' | 'lot' | TenderAction['intent']
  lotId?: string
  count?: number
  minutes?: number
  bidSeq?: number
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const auth = await requirePermission(request, 'manage:tender:any')
  const tenderId = newOrIdParam(params.tenderId)
  const form = await readFormData(request)
  const intent = String(form.get('intent') ?? '')
  const on = { scope: auth.scope, buyerOrgId: auth.org.id, actor: actorOf(auth, context.clientIp) }
  const reply = (r: SetupResult, submission: { reply: (o?: { fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }) =>
    r.ok
      ? json<ActionData>({ intent, result: submission.reply(), done: intent === 'save' ? 'save' : 'lot' })
      : json<ActionData>({ intent, result: submission.reply({ fieldErrors: r.fieldErrors }) }, { status: r.notFound ? 404 : 400 })
  if (intent === 'save') {
    const submission = parseForm(form, { schema: TenderInput })
    if (submission.status !== 'success') return json<ActionData>({ intent, result: submission.reply() }, { status: 400 })
    const saved = await saveTender({ ...on, tenderId, input: submission.value })
    return saved.ok && !tenderId ? redirect(`/desk/tenders/${saved.id}`) : reply(saved, submission)
  }
  if (!tenderId) return json<ActionData>({ intent, error: 'errors.notFound' }, { status: 404 })
  if (intent === 'lot') {
    const submission = parseForm(form, { schema: LotInput })
    if (submission.status !== 'success') return json<ActionData>({ intent, result: submission.reply() }, { status: 400 })
    const edit = z.string().uuid().safeParse(form.get('lotId'))
    return reply(await saveLot({ ...on, tenderId, lotId: edit.success ? edit.data : null, input: submission.value }), submission)
  }
  const parsed = TenderAction.safeParse({ ...Object.fromEntries(form), suppliers: form.getAll('suppliers') })
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? ''
    return json<ActionData>({ intent, error: isMessageKey(message) ? message : 'errors.invalidRequest' }, { status: 400 })
  }
  const v = parsed.data
  const said = {
    lotId: 'lotId' in v ? v.lotId : undefined,
    count: 'suppliers' in v ? v.suppliers.length : undefined,
    minutes: 'minutes' in v ? v.minutes : undefined,
    bidSeq: 'bidSeq' in v ? v.bidSeq : undefined,
  }
  const r = await runTenderAction({ ...on, tenderId, action: v })
  if (r.ok) return json<ActionData>({ intent, done: v.intent, ...said })
  return json<ActionData>({ intent, error: r.refusal, lotId: said.lotId }, { status: r.notFound ? 404 : 409 })
}

function TenderForm({
  tender,
  actionData,
}: {
  tender: ReturnType<typeof useLoaderData<typeof loader>>['tender']
  actionData: ActionData | undefined
}) {
  const { zone, defaultStartsAt } = useLoaderData<typeof loader>()
  const { t, timeZone } = useT()
  const [form, f] = useForm({
    id: 'tender',
    lastResult: actionData?.intent === 'save' ? actionData.result : undefined,
    constraint: getZodConstraint(TenderInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TenderInput }),
    ...validationTiming,
    defaultValue: tender
      ? {
          title: tender.title,
          terms: tender.terms,
          visibility: tender.visibility,
          disclosure: tender.disclosure ?? '',
          startsAt: tender.startsAt ? toLocalInput(tender.startsAt, timeZone) : '',
          durationMinutes: String(tender.durationMs / 60_000),
          staggerMinutes: String(tender.staggerMs / 60_000),
          softWindowMinutes: String(tender.softWindowMs / 60_000),
          softExtensionMinutes: String(tender.softExtensionMs / 60_000),
          maxExtensions: tender.maxExtensions === null ? '' : String(tender.maxExtensions),
        }
      : {
          visibility: 'rank',
          disclosure: '',
          durationMinutes: '30',
          staggerMinutes: '0',
          softWindowMinutes: '2',
          softExtensionMinutes: '2',
          startsAt: defaultStartsAt ? toLocalInput(defaultStartsAt, timeZone) : '',
        },
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h2>{t('tenders.header')}</h2>
      <input type="hidden" name="intent" value="save" />
      <Field meta={f.title} label={t('tenders.name')} />
      <Field meta={f.terms} label={t('tenders.terms')} hint={t('tenders.termsHint')} multiline />
      <SelectField
        meta={f.visibility}
        label={t('tenders.visibility')}
        options={visibilityPresets.map((p) => ({ value: p, label: t(`tenders.visibility.${p}`) }))}
      />
      <SelectField
        meta={f.disclosure}
        label={t('tenders.disclosureField')}
        options={[
          { value: '', label: t('tenders.disclosure.default') },
          ...reportDisclosures.map((d) => ({ value: d, label: t(`tenders.disclosure.${d}`) })),
        ]}
      />
      <p className="hint">{t('tenders.disclosureHint')}</p>
      <div className="grid-2">
        <Field meta={f.startsAt} label={t('tenders.startsAtLocal')} type="datetime-local" hint={t('tenders.startsAtZone', { zone })} />
        <Field meta={f.durationMinutes} label={t('tenders.duration')} type="number" />
        <Field meta={f.staggerMinutes} label={t('tenders.stagger')} type="number" hint={t('tenders.staggerHint')} />
        <Field meta={f.softWindowMinutes} label={t('tenders.softWindow')} type="number" hint={t('tenders.softWindowHint')} />
        <Field meta={f.softExtensionMinutes} label={t('tenders.softExtension')} type="number" hint={t('tenders.softExtensionHint')} />
        <Field meta={f.maxExtensions} label={t('tenders.maxExtensions')} type="number" hint={t('tenders.maxExtensionsHint')} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit" className="primary">
        {t('common.save')}
      </button>
    </Form>
  )
}

/** `lotCount` keys the form: after a lot is added the count changes and the form starts empty again. */
function LotForm({ actionData, lotCount }: { actionData: ActionData | undefined; lotCount: number }) {
  const { t } = useT()
  const [form, f] = useForm({
    id: 'lot',
    lastResult: actionData?.intent === 'lot' ? actionData.result : undefined,
    constraint: getZodConstraint(LotInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LotInput }),
    ...validationTiming,
    defaultValue: { unit: 'pcs', stepKind: 'percent', minStep: '0.5', maxStep: '5' },
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card" key={lotCount}>
      <h3>{t('tenders.addLot')}</h3>
      <input type="hidden" name="intent" value="lot" />
      <div className="grid-2">
        <Field meta={f.item} label={t('tenders.item')} />
        <Field meta={f.quantity} label={t('tenders.quantity')} type="number" />
        <SelectField meta={f.unit} label={t('tenders.unit')} options={lotUnits.map((u) => ({ value: u, label: t(`unit.${u}`) }))} />
        <Field meta={f.startPrice} label={t('tenders.startPrice')} inputMode="decimal" />
        <Field meta={f.reserve} label={t('tenders.reserve')} inputMode="decimal" hint={t('tenders.reserveHint')} />
        <SelectField
          meta={f.stepKind}
          label={t('tenders.stepKind')}
          options={[
            { value: 'percent', label: t('tenders.stepPercent') },
            { value: 'amount', label: t('tenders.stepAmount') },
          ]}
        />
        <Field meta={f.minStep} label={t('tenders.minStep')} inputMode="decimal" hint={t('tenders.minStepHint')} />
        <Field meta={f.maxStep} label={t('tenders.maxStep')} inputMode="decimal" hint={t('tenders.maxStepHint')} />
      </div>
      <FormErrors id={form.errorId} errors={form.errors} />
      <button type="submit">{t('tenders.addLot')}</button>
    </Form>
  )
}

function Setup() {
  const { tender, lots, invited, suppliers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const { t, locale, timeZone } = useT()
  const invitedIds = new Set(invited.map((i) => i.orgId))
  return (
    <>
      <TenderForm tender={tender} actionData={actionData} />
      {tender ? (
        <>
          <section aria-labelledby="lots-title" className="card">
            <h2 id="lots-title">{t('tenders.lots')}</h2>
            {lots.length ? (
              <table className="data-table cards">
                <thead>
                  <tr>
                    <th scope="col">{t('auction.seq')}</th>
                    <th scope="col">{t('tenders.item')}</th>
                    <th scope="col" className="num">
                      {t('tenders.quantity')}
                    </th>
                    <th scope="col" className="num">
                      {t('tenders.startPrice')}
                    </th>
                    <th scope="col" className="num">
                      {t('tenders.steps')}
                    </th>
                    <th scope="col">{t('auction.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lots.map((l) => (
                    <tr key={l.id}>
                      <td data-label={t('auction.seq')}>{l.lineNo}</td>
                      <td data-label={t('tenders.item')}>{l.item}</td>
                      <td data-label={t('tenders.quantity')} className="num">
                        {l.quantity} {unitLabel(t, l.unit)}
                      </td>
                      <td data-label={t('tenders.startPrice')} className="num">
                        {formatMoney(locale, l.startPriceMinor)}
                        {l.reserveMinor !== null ? ` (${t('tenders.reserve')}: ${formatMoney(locale, l.reserveMinor)})` : ''}
                      </td>
                      <td data-label={t('tenders.steps')} className="num">
                        {formatMoney(locale, l.minStepMinor)} – {formatMoney(locale, l.maxStepMinor)}
                      </td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="removeLot" />
                          <input type="hidden" name="lotId" value={l.id} />
                          <ConfirmButton
                            className="danger"
                            title={t('tenders.confirm.removeLot.title', { n: l.lineNo })}
                            consequence={t('tenders.confirm.removeLot.text', { n: l.lineNo, item: l.item })}
                          >
                            {t('tenders.removeLot', { n: l.lineNo })}
                          </ConfirmButton>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('tenders.noLots')}</p>
            )}
            <LotForm actionData={actionData} lotCount={lots.length} />
          </section>
          <Invitations suppliers={suppliers} invitedIds={invitedIds} />
          <section className="card" aria-labelledby="schedule-title">
            <h2 id="schedule-title">{t('tenders.scheduleTitle')}</h2>
            <p className="muted">{t('tenders.scheduleHint', { start: tender.startsAt ? formatDateTime(locale, tender.startsAt, timeZone) : '—' })}</p>
            <Form method="post" className="actions">
              <ConfirmButton
                name="intent"
                value="schedule"
                className="primary"
                title={t('tenders.confirm.schedule.title', { start: tender.startsAt ? formatDateTime(locale, tender.startsAt, timeZone) : '—' })}
                consequence={t('tenders.confirm.schedule.text')}
              >
                {t('tenders.schedule')}
              </ConfirmButton>
              <ConfirmButton
                name="intent"
                value="startNow"
                title={t('tenders.confirm.startNow.title')}
                consequence={t('tenders.confirm.startNow.text')}
              >
                {t('tenders.startNow')}
              </ConfirmButton>
            </Form>
          </section>
        </>
      ) : null}
    </>
  )
}

function Invitations({ suppliers, invitedIds }: { suppliers: { id: string; name: string }[]; invitedIds: Set<string> }) {
  const { t } = useT()
  return (
    <section aria-labelledby="invite-title" className="card">
      <h2 id="invite-title">{t('tenders.invitedSuppliers')}</h2>
      <p className="muted small">{t('tenders.verifiedOnly')}</p>
      <Form method="post">
        <input type="hidden" name="intent" value="invite" />
        <fieldset>
          <legend className="visually-hidden">{t('tenders.invitedSuppliers')}</legend>
          {suppliers.map((s) => (
            <label key={s.id} className="checkbox">
              <input type="checkbox" name="suppliers" value={s.id} defaultChecked={invitedIds.has(s.id)} /> {s.name}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('tenders.saveInvitations')}</button>
      </Form>
    </section>
  )
}

function Room({ actionData, onStatus }: { actionData: ActionData | undefined; onStatus: (status: TenderStatus) => void }) {
  const { tender, views, invited, suppliers } = useLoaderData<typeof loader>()
  const { t } = useT()
  const [events, setEvents] = useState<Record<string, LotEventView[]>>({})
  const initial = useMemo(() => views, [views])
  const room = useAuctionRoom<BuyerLotView>(tender!.id, initial, (lotId, evs) =>
    setEvents((e) => ({ ...e, [lotId]: [...(e[lotId] ?? []), ...evs].slice(-50) })),
  )
  // The lots move on their own (the clock opens and closes them); the tender's status follows them on this page.
  const status = useTenderStatus(tender!.status, views, room.views)
  useEffect(() => onStatus(status), [status, onStatus])
  const final = status === 'cancelled' || status === 'awarded'
  return (
    <>
      <p>
        <TenderStatusBadge status={status} />
        {tender!.cancelReason ? ` · ${tender!.cancelReason}` : ''}
      </p>
      <ConnectionBanner connection={room.connection} caughtUp={room.caughtUp} clock={room.clock} />
      <p className="muted">
        {t('tenders.invitedList', { names: invited.map((i) => `${i.name}${i.acceptedTermsAt ? ' ✓' : ''}`).join(', ') })} ·{' '}
        {t(`tenders.visibility.${tender!.visibility}`)} ·{' '}
        {t('tenders.disclosureForSupplier', { what: t(`tenders.disclosure.${disclosureOf(tender!.visibility, tender!.disclosure)}`) })}
      </p>
      {status === 'scheduled' ? <Invitations suppliers={suppliers} invitedIds={new Set(invited.map((i) => i.orgId))} /> : null}
      {views.map((v) => {
        const live = room.views[v.lotId] ?? v
        // A refused award above the reserve (or a page without JavaScript) asks for the acknowledgement in the form.
        const askReserve = actionData?.intent === 'award' && actionData.error === 'auction.control.reserve_not_met' && actionData.lotId === v.lotId
        return <BuyerLot key={v.lotId} view={live} offsetMs={room.clock?.offsetMs ?? 0} events={events[v.lotId] ?? []} askReserve={askReserve} />
      })}
      {status === 'closed' || status === 'awarded' ? (
        <p className="actions">
          <a href={`/desk/tenders/${tender!.id}/protocol.csv`} download>
            {t('tenders.protocolCsv')}
          </a>
          <a href={`/desk/tenders/${tender!.id}/protocol.pdf`} download>
            {t('tenders.protocolPdf')}
          </a>
        </p>
      ) : null}
      {!final ? <CancelForm /> : null}
    </>
  )
}

/** Cancelling the whole tender needs a reason, checked in the browser with the server's schema before the confirmation. */
function CancelForm() {
  const { t } = useT()
  const [form, f] = useForm({
    id: 'cancel',
    constraint: getZodConstraint(CancelTenderInput),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelTenderInput }),
    ...validationTiming,
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <h2>{t('tenders.cancelTitle')}</h2>
      <input type="hidden" name="intent" value="cancel" />
      <Field meta={f.reason} label={t('auction.reason')} />
      <ConfirmButton className="danger" onClick={validFirst} title={t('tenders.confirm.cancel.title')} consequence={t('tenders.confirm.cancel.text')}>
        {t('tenders.cancel')}
      </ConfirmButton>
    </Form>
  )
}

/**
 * What was done, said once: shown with the answer that caused it, gone after a while or as soon as the tender
 * finishes in a way the answer did not bring (its lots close, it is awarded or cancelled), so "saved" never stands
 * beside a lot that has since closed or been awarded. `answered` is the status loaded with the answer; `now` the
 * room's, which follows the lots live.
 */
function useDoneNotice(actionData: ActionData | undefined, answered: TenderStatus | undefined, now: TenderStatus | undefined) {
  const [gone, setGone] = useState<ActionData | null>(null)
  useEffect(() => {
    if (!actionData?.done) return
    const timer = setTimeout(() => setGone(actionData), 15_000)
    return () => clearTimeout(timer)
  }, [actionData])
  const finishedSince = now !== answered && (now === 'closed' || now === 'awarded' || now === 'cancelled')
  return actionData?.done && gone !== actionData && !finishedSince ? actionData : null
}

function DoneNotice({ done }: { done: ActionData }) {
  const { tender, lots } = useLoaderData<typeof loader>()
  const { t, locale, timeZone } = useT()
  const n = lots.find((l) => l.id === done.lotId)?.lineNo ?? ''
  const start = tender?.startsAt ? formatDateTime(locale, tender.startsAt, timeZone) : '—'
  if (!done.done) return null
  return (
    <Notice tone="success">
      <span data-done={done.done}>
        {t(`tenders.done.${done.done}`, { n, count: done.count ?? 0, minutes: done.minutes ?? 0, seq: done.bidSeq ?? '', start })}
      </span>
    </Notice>
  )
}

export default function TenderPage() {
  const { tender } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const { t } = useT()
  const [liveStatus, setLiveStatus] = useState<TenderStatus | null>(null)
  const done = useDoneNotice(actionData, tender?.status, liveStatus ?? tender?.status)
  const refusal = actionData?.error ?? (tender && tender.status !== 'draft' ? actionData?.result?.error?.['']?.[0] : undefined)
  return (
    <section aria-labelledby="tender-heading">
      <h1 id="tender-heading">{tender ? tender.title : t('tenders.new')}</h1>
      <p>
        <Link to="/desk/tenders">{t('tenders.back')}</Link>
        {tender?.status === 'draft' ? (
          <>
            {' · '}
            <TenderStatusBadge status={tender.status} />
          </>
        ) : null}
      </p>
      {/* A refusal of the header or lot forms shows beside the form while it is there; once the tender is launched
          the form is gone, so the refusal is said here. */}
      {refusal && isMessageKey(refusal) ? <Notice tone="warning">{t(refusal)}</Notice> : null}
      {done ? <DoneNotice done={done} /> : null}
      {!tender || tender.status === 'draft' ? <Setup /> : <Room actionData={actionData} onStatus={setLiveStatus} />}
    </section>
  )
}
