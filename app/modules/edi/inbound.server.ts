import { randomUUID } from 'node:crypto'
import { and, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { ediDocuments, ediEvents, ediInterchanges, ediTransmissions } from '../../../db/schema/edi'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { ApiKeyIdentity } from '../auth/queries.server'
import type { OrgScope } from '../auth/scope.server'
import { notifyCatalogChanged } from '../catalog/live.server'
import { listShipTo } from '../delivery-terms/queries.server'
import { ruCalendar } from '../delivery-terms/ru-calendar'
import { bookOrder, StockTaken } from '../ordering/mutations.server'
import { draftOrderLines, getOrder, listOrders, type EvaluatedCart } from '../ordering/queries.server'
import { businessClock } from '../../utils/clock.server'
import { problem, type ProblemError } from '../../utils/problem'
import { sendDocument } from './outbound.server'
import { contentTypeOf, correlateInboundAck, detectSyntax, parseInbound, sha256Hex, storedAckText, writeSyntaxAcks } from './acks.server'
import {
  adjustQuantity,
  decideLine,
  normaliseQty,
  reasonOf,
  rejectLine,
  responseStatus,
  type EdiLineReason,
  type LineDecision,
  type LineVerdictView,
} from './decide'
import type { ApplicationErrorReport, CanonicalOrder, OrderResponse, ParsedInterchange, ParsedMessage, SyntaxIssue } from './document'
import { mapItems, queueUnmapped, type MappedItem } from './item-map.server'
import { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
import type { JsonOrder } from './schemas'

// The inbound pipeline (issue 12 "Inbound, one pipeline"): raw EDIFACT / X12 bytes or a JSON order → archive (bytes
// and SHA-256) → parse → the interchange key and its three kinds of duplicate → per message: the item map, the one
// order-line evaluator (ordering's draftOrderLines), the decision per line (decide.ts), the booking (ordering's
// bookOrder, the web checkout's own) → the syntax acknowledgement as the HTTP answer and the business answers
// (ORDRSP / APERAK) in the mailbox. One transaction per HTTP body, serialised per interchange key (and per order
// number, for business duplicates) with transaction-scoped advisory locks, so twenty identical posts make one order.
// A check (the "check a file" page, replay's dry run) runs the same code in a transaction that is rolled back.

export interface InboundAnswer {
  status: number
  contentType: string
  body: string
  documents: { id: string; status: string }[]
}

export interface PipelineContext {
  scope: OrgScope
  key: ApiKeyIdentity | null
  actor: Actor
  profile: PartnerProfile
  /** Everything is computed and rolled back: nothing booked, nothing sent, nothing archived. */
  dry: boolean
  /** Replay of one archived document: its interchange is not a resend of itself, nor its number a duplicate of itself. */
  replayOf?: { documentId: string; commit: boolean }
}

/** What the pipeline decided for one order, for the answer, the check page and replay's difference. */
export interface OrderOutcome {
  documentId: string
  status: 'booked' | 'held' | 'test' | 'rejected'
  statusReason: EdiLineReason | null
  orderId: string | null
  orderNumber: string | null
  response: OrderResponse
  decisions: LineDecision[]
  /** The booking the dry run would have made (a check, a replay before its commit). */
  wouldBook: boolean
  productIds: string[]
}

/** Thrown to leave a dry run's transaction with its result: PostgreSQL undoes every write, sequences aside. */
class DryRun<T> extends Error {
  constructor(readonly value: T) {
    super('dry run')
  }
}

export async function runPipelineTransaction<T>(dry: boolean, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!dry) return db.transaction(work)
  try {
    await db.transaction(async (tx) => {
      throw new DryRun(await work(tx))
    })
  } catch (e) {
    if (e instanceof DryRun) return e.value as T
    throw e
  }
  throw new Error('a dry run ended without its result')
}

/** Serialises everyone touching `key` (an interchange key, an Idempotency-Key, an order number) until commit. */
async function lock(tx: Tx, key: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}

async function event(
  tx: Tx,
  ctx: Pick<PipelineContext, 'scope' | 'actor'>,
  e: { kind: string; documentId?: string | null; interchangeId?: string | null; details?: Record<string, unknown> },
) {
  await tx.insert(ediEvents).values({
    orgId: ctx.scope.orgId,
    documentId: e.documentId ?? null,
    interchangeId: e.interchangeId ?? null,
    kind: e.kind,
    details: e.details ?? {},
    actorId: ctx.actor.userId,
  })
}

const viewOf = (l: EvaluatedCart['lines'][number]): LineVerdictView => ({
  problem: l.problem,
  suggestion: l.suggestion,
  available: l.available,
  qty: l.qty,
  unitPriceMinor: l.unitPriceMinor,
  earliestDate: l.earliestDate,
  unit: l.unit,
})

/**
 * Decides every line: unmapped and repeated items first, then the evaluator on the quantities asked (pass 1), then
 * on the quantities the order can take (pack, minimum, what one warehouse has), repeated while the evaluator still
 * refuses a line (each round drops at least one). The final draft holds exactly the lines to book.
 */
export async function decideOrder(
  tx: Tx,
  { scope, order, mapped, today, now }: { scope: OrgScope; order: CanonicalOrder; mapped: MappedItem[]; today: string; now: Date },
) {
  const decisions: (LineDecision | null)[] = order.lines.map(() => null)
  const seen = new Set<string>()
  type Candidate = {
    i: number
    productId: string
    qty: number
    change: { kind: 'keep' } | { kind: 'change'; reason: LineDecision['reason'] & object }
  }
  const first: { i: number; productId: string; qty: number }[] = []
  order.lines.forEach((line, i) => {
    const m = mapped[i]
    if (!m.productId) decisions[i] = rejectLine(line, 'unmapped_item')
    else if (seen.has(m.productId)) decisions[i] = rejectLine(line, 'duplicate_line')
    else {
      seen.add(m.productId)
      first.push({ i, productId: m.productId, qty: Number(normaliseQty(line.qty)) })
    }
  })
  const draft = (lines: { productId: string; qty: number }[]) =>
    draftOrderLines({ scope, today, now, lines: lines.map((l) => ({ productId: l.productId, qty: l.qty })) }, tx)
  let keep: (Candidate & { reason?: string })[] = []
  let unchanged: EvaluatedCart | null = null
  if (first.length) {
    const cart1 = await draft(first)
    const pass1 = new Map(cart1.lines.map((l) => [l.productId, l]))
    for (const c of first) {
      const v = pass1.get(c.productId)
      if (!v) {
        decisions[c.i] = rejectLine(order.lines[c.i], 'unknown')
        continue
      }
      const adj = adjustQuantity(viewOf(v))
      if (adj.kind === 'reject') decisions[c.i] = rejectLine(order.lines[c.i], adj.reason)
      else keep.push({ ...c, qty: adj.qty, change: adj.kind === 'change' ? { kind: 'change', reason: { code: adj.reason } } : { kind: 'keep' } })
    }
    // Every line kept as asked: the second pass would judge the very same lines again (a 10,000-line order twice).
    if (keep.length === first.length && keep.every((k, j) => k.qty === first[j].qty)) unchanged = cart1
  }
  let final: EvaluatedCart | null = null
  while (keep.length) {
    final = unchanged ?? (await draft(keep))
    unchanged = null
    const byId = new Map(final.lines.map((l) => [l.productId, l]))
    const refused = keep.filter((k) => !byId.has(k.productId) || byId.get(k.productId)!.problem)
    if (!refused.length) {
      for (const k of keep) {
        const line = order.lines[k.i]
        decisions[k.i] = decideLine({
          line,
          orderDate: order.requestedDate,
          quantity: k.change.kind === 'change' ? { kind: 'change', reason: k.change.reason.code as never } : { kind: 'keep' },
          verdict: viewOf(byId.get(k.productId)!),
          calendar: ruCalendar,
        })
      }
      break
    }
    for (const k of refused) decisions[k.i] = rejectLine(order.lines[k.i], byId.get(k.productId)?.problem ?? 'unknown')
    keep = keep.filter((k) => !refused.includes(k))
    final = null
  }
  return { decisions: decisions.map((d, i) => d ?? rejectLine(order.lines[i], 'unknown')), draft: final, booked: keep }
}

function responseOf(
  order: CanonicalOrder,
  decisions: LineDecision[],
  mapped: MappedItem[],
  today: string,
  ourOrderNumber: string | null,
): OrderResponse {
  return {
    kind: 'order_response',
    documentNumber: '',
    documentDate: today,
    status: responseStatus(decisions),
    orderNumber: order.documentNumber,
    ...(order.documentDate ? { orderDate: order.documentDate } : {}),
    ...(ourOrderNumber ? { ourOrderNumber } : {}),
    ...(order.buyer ? { buyer: order.buyer } : {}),
    // We answer as the supplier the order named; the partner's ERP matches on it.
    ...(order.supplier ? { supplier: order.supplier } : {}),
    ...(order.deliveryParty ? { deliveryParty: order.deliveryParty } : {}),
    currency: order.currency ?? 'RUB',
    lines: decisions.map((d, i) => {
      const l = order.lines[i]
      const m = mapped[i]
      return {
        lineNo: d.lineNo,
        action: d.action,
        orderedQty: normaliseQty(d.orderedQty),
        qty: String(d.qty),
        ...(d.unit ? { unit: d.unit } : {}),
        ...(d.price ? { price: d.price } : {}),
        ...(d.deliveryDate ? { deliveryDate: d.deliveryDate } : {}),
        ...(d.reason ? { reason: reasonOf(d.reason.code) } : {}),
        // The partner's own codes echoed (PIA IN/BP), ours as SA.
        ...(l.gtin ? { gtin: l.gtin } : {}),
        ...(l.buyerArticle ? { buyerArticle: l.buyerArticle } : {}),
        ...(l.buyerPart ? { buyerPart: l.buyerPart } : {}),
        ...(m.productId ? { supplierArticle: m.sku } : l.supplierArticle ? { supplierArticle: l.supplierArticle } : {}),
        ...(l.description ? { description: l.description } : {}),
      }
    }),
  }
}

/** Whether the profile names both parties of this syntax: without them no outbound envelope can be written. */
function canSend(profile: PartnerProfile) {
  if (profile.syntax === 'edifact') return !!profile.ourGln && !!profile.partnerGln
  if (profile.syntax === 'x12') return !!profile.ourIsaId && !!profile.isaId
  return true
}

export interface OrderMessage {
  order: CanonicalOrder
  syntax: 'edifact' | 'x12' | 'json'
  messageType: string
  messageRef: string | null
  interchangeId: string | null
  transmissionId: string | null
  span: { start: number; end: number } | null
  /** UNB 0035 = 1 / ISA15 = T. */
  test: boolean
  issues: SyntaxIssue[]
  /**
   * The item map of its lines, read before the transaction: catalog's reference lookup runs on its own connection,
   * which on PGlite (one connection) would wait for this very transaction.
   */
  mapped: MappedItem[]
}

/**
 * One order message, in the caller's transaction: the business-duplicate check, the delivery point, the item map,
 * the decisions, the booking (production only, never for a test interchange or a test profile), the document and
 * its timeline, the ORDRSP (automatic mode) or the APERAK. A replay with commit updates its own document instead.
 */
export async function processOrder(tx: Tx, ctx: PipelineContext, m: OrderMessage): Promise<OrderOutcome> {
  const { scope, profile, dry } = ctx
  const orgId = scope.orgId
  const { order } = m
  const test = m.test || profile.mode === 'test'
  const replayId = ctx.replayOf?.documentId
  await lock(tx, `edi:${orgId}:po:${order.documentNumber}`)
  const { today, now } = await businessClock(tx)

  // A business duplicate: this buyer's order number already booked or held from another interchange (anchors §5.1).
  const [dup] = await tx
    .select({ id: ediDocuments.id, status: ediDocuments.status })
    .from(ediDocuments)
    .where(
      and(
        eq(ediDocuments.orgId, orgId),
        eq(ediDocuments.direction, 'in'),
        eq(ediDocuments.kind, 'order'),
        eq(ediDocuments.documentNumber, order.documentNumber),
        eq(ediDocuments.test, test),
        inArray(ediDocuments.status, ['booked', 'held']),
        replayId ? ne(ediDocuments.id, replayId) : undefined,
      ),
    )
    .limit(1)

  let documentId: string
  if (replayId) documentId = replayId
  else {
    const [doc] = await tx
      .insert(ediDocuments)
      .values({
        orgId,
        direction: 'in',
        interchangeId: m.interchangeId,
        transmissionId: m.transmissionId,
        syntax: m.syntax,
        messageType: m.messageType,
        kind: 'order',
        messageRef: m.messageRef,
        documentNumber: order.documentNumber.slice(0, 70),
        test,
        status: 'received',
        canonical: order,
        issues: m.issues,
        spanStart: m.span?.start ?? null,
        spanEnd: m.span?.end ?? null,
      })
      .returning({ id: ediDocuments.id })
    documentId = doc.id
    await event(tx, ctx, {
      kind: 'received',
      documentId,
      interchangeId: m.interchangeId,
      details: { number: order.documentNumber, lines: order.lines.length },
    })
  }

  let hold: EdiLineReason | null = dup ? 'business_duplicate' : null
  let refuse: EdiLineReason | null = null
  // NAD DP / N1 ST through the profile's GLN map; without one, the account's default address (as checkout offers).
  const shipTos = await listShipTo({ scope }, tx)
  let shipTo: { name: string; address: string } | null = null
  const dp = order.deliveryParty?.gln
  if (dp) {
    const hit = (await listShipToGlns({ scope, orgId }, tx)).find((g) => g.gln === dp)
    if (hit?.blocked) refuse = 'blocked_delivery_point'
    else if (hit) shipTo = shipTos.find((s) => s.id === hit.shipToId) ?? null
    else if (shipTos.length) refuse = 'unknown_delivery_point'
  } else shipTo = shipTos[0] ?? null

  const { mapped } = m
  const unmapped = order.lines.flatMap((l, i) => {
    const mi = mapped[i]
    return !mi.productId && mi.idType && mi.code ? [{ idType: mi.idType, code: mi.code, description: l.description, lineNo: l.lineNo }] : []
  })
  if (unmapped.length) {
    if (!replayId) await queueUnmapped(tx, { orgId, documentId, items: unmapped })
    await event(tx, ctx, {
      kind: 'unmapped_item',
      documentId,
      details: { codes: unmapped.slice(0, 20).map((u) => `${u.idType}:${u.code}`), count: unmapped.length },
    })
    if (profile.unknownItem === 'hold') hold ??= 'unmapped_item'
  }

  let decided = await decideOrder(tx, { scope, order, mapped, today, now })
  // The account's order minimum, as checkout refuses a cart below it: judged on what would be booked.
  const short = !refuse && decided.draft ? decided.draft.shortOfMinimumMinor : 0
  if (short > 0) refuse = 'below_minimum'
  if (refuse) decided = { decisions: order.lines.map((l) => rejectLine(l, refuse!)), draft: null, booked: [] }
  const willBook = !hold && !refuse && !test && !!decided.draft && decided.booked.length > 0
  let booked: { orderId: string; number: string; productIds: string[] } | null = null
  const commitBooking = willBook && !dry && (!replayId || ctx.replayOf?.commit)
  if (commitBooking) {
    const book = (draft: EvaluatedCart, decisions: LineDecision[]) => {
      const lineDates: Record<string, string> = {}
      decided.booked.forEach((k) => {
        const date = decisions[k.i].bookedDate
        if (date) lineDates[k.productId] = date
      })
      // A savepoint: a StockTaken half-way leaves no reservation behind for the second decision.
      return tx.transaction((sp) =>
        bookOrder(sp, {
          scope,
          actor: { ...ctx.actor, userId: ctx.key?.createdBy ?? ctx.actor.userId },
          draft,
          header: {
            checkoutToken: randomUUID(),
            channel: 'edi',
            placedBy: ctx.key?.createdBy ?? ctx.actor.userId!,
            poNumber: order.documentNumber.slice(0, 70),
            comment: order.note?.slice(0, 2000) ?? '',
            shipTo,
            requestedDate: order.requestedDate ?? null,
            lineDates,
          },
        }),
      )
    }
    try {
      booked = await book(decided.draft!, decided.decisions)
    } catch (e) {
      if (!(e instanceof StockTaken)) throw e
      // Someone took the stock between the decision and the reservation: decide once more on what is left.
      decided = await decideOrder(tx, { scope, order, mapped, today, now })
      if (decided.draft && decided.booked.length) booked = await book(decided.draft, decided.decisions)
    }
  }

  const status: OrderOutcome['status'] = refuse ? 'rejected' : hold ? 'held' : test ? 'test' : decided.booked.length ? 'booked' : 'rejected'
  const statusReason = refuse ?? hold ?? null
  const response = responseOf(order, decided.decisions, mapped, today, booked?.number ?? null)
  const storedStatus = status === 'booked' && !booked ? 'received' : status

  await tx
    .update(ediDocuments)
    .set({ status: storedStatus, statusReason, orderId: booked?.orderId ?? null })
    .where(and(eq(ediDocuments.id, documentId), eq(ediDocuments.orgId, orgId)))
  const summary = {
    status: response.status,
    lines: decided.decisions.map((d) => ({
      lineNo: d.lineNo,
      action: d.action,
      qty: d.qty,
      price: d.price ?? null,
      date: d.deliveryDate ?? null,
      reason: d.reason?.code ?? null,
    })),
  }
  await event(tx, ctx, { kind: replayId ? 'replayed' : 'decided', documentId, details: { ...summary, booked: !!booked } })
  if (dup) await event(tx, ctx, { kind: 'business_duplicate', documentId, details: { first: dup.id, number: order.documentNumber } })
  if (hold) await event(tx, ctx, { kind: 'held', documentId, details: { reason: hold } })
  if (refuse)
    await event(tx, ctx, { kind: 'rejected', documentId, details: { reason: refuse, gln: dp ?? null, ...(short ? { shortMinor: short } : {}) } })
  if (booked) await event(tx, ctx, { kind: 'booked', documentId, details: { orderId: booked.orderId, orderNumber: booked.number } })
  if (test && willBook === false && !hold && !refuse) await event(tx, ctx, { kind: 'test_not_booked', documentId })

  // The business answers: APERAK for an application error, the ORDRSP at receipt in automatic mode (in review mode
  // the desk's confirmation sends it). A held order is answered by the desk, once someone has looked.
  if (!dry && canSend(profile)) {
    if ((refuse || hold === 'unmapped_item') && profile.messages.includes('APERAK')) {
      const aperak: ApplicationErrorReport = {
        kind: 'application_error',
        documentNumber: '',
        documentDate: today,
        referencedDocument: order.documentNumber,
        ...(m.messageRef ? { referencedMessageRef: m.messageRef } : {}),
        ...(order.buyer ? { buyer: order.buyer } : {}),
        ...(order.supplier ? { supplier: order.supplier } : {}),
        errors: refuse ? [reasonOf(refuse)] : unmapped.map((u) => ({ ...reasonOf('unmapped_item'), lineNo: u.lineNo })),
      }
      const sent = await sendDocument(tx, { orgId, document: aperak, answersId: documentId, test })
      await event(tx, ctx, { kind: 'answered', documentId, details: { messageType: 'APERAK', sentId: sent.documentId } })
    } else if (!hold && !refuse && profile.orderResponse === 'automatic' && profile.messages.includes('ORDRSP') && (!replayId || booked)) {
      const sent = await sendDocument(tx, { orgId, document: response, answersId: documentId, orderId: booked?.orderId, test })
      await event(tx, ctx, { kind: 'answered', documentId, details: { messageType: 'ORDRSP', sentId: sent.documentId } })
    }
  }
  return {
    documentId,
    status,
    statusReason,
    orderId: booked?.orderId ?? null,
    orderNumber: booked?.number ?? null,
    response,
    decisions: decided.decisions,
    wouldBook: willBook,
    productIds: booked?.productIds ?? [],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Interchanges

const errorsOf = (issues: SyntaxIssue[]) => issues.filter((i) => i.severity === 'error')

export interface MessageOutcome {
  documentId: string
  status: string
  message: ParsedMessage
  order?: OrderOutcome
}

export interface InterchangeOutcome {
  interchange: ParsedInterchange
  interchangeId: string | null
  kind: 'processed' | 'resend' | 'duplicate'
  ackText: string
  messages: MessageOutcome[]
}

async function rejectedMessage(
  tx: Tx,
  ctx: PipelineContext,
  m: ParsedMessage,
  base: Omit<OrderMessage, 'order' | 'mapped'>,
  reason: string,
  status = 'rejected',
) {
  const order = m.document?.kind === 'order' ? m.document : null
  const [doc] = await tx
    .insert(ediDocuments)
    .values({
      orgId: ctx.scope.orgId,
      direction: 'in',
      interchangeId: base.interchangeId,
      transmissionId: base.transmissionId,
      syntax: base.syntax,
      messageType: m.type.slice(0, 16) || 'unknown',
      kind: m.document?.kind ?? (m.type === 'ORDERS' || m.type === '850' ? 'order' : 'unknown'),
      messageRef: m.ref.slice(0, 35),
      documentNumber: order?.documentNumber.slice(0, 70) ?? null,
      test: base.test,
      status,
      statusReason: reason,
      canonical: m.document,
      issues: m.issues,
      spanStart: m.span.start,
      spanEnd: m.span.end,
    })
    .returning({ id: ediDocuments.id })
  await event(tx, ctx, {
    kind: status === 'duplicate' ? 'duplicate_reference' : 'syntax_rejected',
    documentId: doc.id,
    interchangeId: base.interchangeId,
    details: { reason },
  })
  return doc.id
}

/** One UNB…UNZ / ISA…IEA of a received body, in the body's transaction (the interchange key is already locked). */
export async function processInterchange(
  tx: Tx,
  ctx: PipelineContext,
  input: { ic: ParsedInterchange; text: string; transmissionId: string; mapped: Map<ParsedMessage, MappedItem[]> },
): Promise<InterchangeOutcome> {
  const { ic } = input
  const orgId = ctx.scope.orgId
  const icSha = sha256Hex(input.text.slice(ic.span.start, ic.span.end))
  const test = ic.test || ctx.profile.mode === 'test'
  const key = and(
    eq(ediInterchanges.orgId, orgId),
    eq(ediInterchanges.direction, 'in'),
    eq(ediInterchanges.senderId, ic.sender.id),
    eq(ediInterchanges.recipientId, ic.recipient.id),
    eq(ediInterchanges.controlRef, ic.controlRef),
  )
  const window = new Date(Date.now() - ctx.profile.duplicateWindowDays * 86_400_000)
  // The latest use of this key inside the profile's duplicate window; older ones no longer bind the partner.
  const [prev] = await tx
    .select()
    .from(ediInterchanges)
    .where(and(key, gte(ediInterchanges.createdAt, window)))
    .orderBy(desc(ediInterchanges.createdAt))
    .limit(1)
  const base = { syntax: ic.syntax, transmissionId: input.transmissionId, span: null, test, issues: [] as SyntaxIssue[] }

  if (prev && prev.sha256 === icSha) {
    // This interchange again, byte for byte (inside a body that differs elsewhere): its first answer, nothing new.
    await event(tx, ctx, { kind: 'duplicate_resend', interchangeId: prev.id, details: { transmissionId: input.transmissionId } })
    const docs = await tx
      .select({ id: ediDocuments.id, status: ediDocuments.status })
      .from(ediDocuments)
      .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.interchangeId, prev.id), eq(ediDocuments.direction, 'in')))
    return {
      interchange: ic,
      interchangeId: prev.id,
      kind: 'resend',
      ackText: prev.ackTransmissionId ? await storedAckText(tx, [prev.ackTransmissionId]) : '',
      messages: docs.map((d, i) => ({ documentId: d.id, status: d.status, message: ic.messages[i] })).filter((m) => m.message),
    }
  }

  if (prev) {
    // The same key with other bytes inside the window: a partner bug, never booked (CONTRL UCI 4 + 0085 26; TA1 025 +
    // 997 R).
    const duplicate: SyntaxIssue = {
      level: 'interchange',
      code: 'duplicate',
      severity: 'error',
      segment: { tag: ic.syntax === 'edifact' ? 'UNB' : 'ISA', index: 1 },
      element: { position: ic.syntax === 'edifact' ? 5 : 13 },
      message: `Interchange reference ${ic.controlRef} from ${ic.sender.id} to ${ic.recipient.id} was already received with other content.`,
    }
    const messages: MessageOutcome[] = []
    for (const m of ic.messages) {
      const id = await rejectedMessage(
        tx,
        ctx,
        m,
        { ...base, interchangeId: null, messageType: m.type, messageRef: m.ref },
        'duplicate_reference',
        'duplicate',
      )
      messages.push({ documentId: id, status: 'duplicate', message: m })
    }
    await event(tx, ctx, {
      kind: 'duplicate_reference',
      interchangeId: prev.id,
      details: { transmissionId: input.transmissionId, controlRef: ic.controlRef, windowDays: ctx.profile.duplicateWindowDays },
    })
    const acks = await writeSyntaxAcks(tx, { profile: ctx.profile, answering: ic, extraIssues: [duplicate], test })
    return { interchange: ic, interchangeId: null, kind: 'duplicate', ackText: acks.map((a) => a.text).join(''), messages }
  }

  const interchangeErrors = [...errorsOf(ic.issues), ...ic.groups.flatMap((g) => errorsOf(g.issues))]
  const [row] = await tx
    .insert(ediInterchanges)
    .values({
      orgId,
      transmissionId: input.transmissionId,
      direction: 'in',
      syntax: ic.syntax,
      senderId: ic.sender.id.slice(0, 35),
      recipientId: ic.recipient.id.slice(0, 35),
      controlRef: ic.controlRef.slice(0, 35),
      sha256: icSha,
      test,
      status: 'received',
      issues: ic.issues,
    })
    .returning({ id: ediInterchanges.id })
  const interchangeId = row.id
  const messages: MessageOutcome[] = []
  let onlyAcks = ic.messages.length > 0
  for (const m of ic.messages) {
    const mBase = { ...base, interchangeId, messageType: m.type, messageRef: m.ref, span: m.span, issues: m.issues }
    const errors = errorsOf(m.issues)
    if (m.document?.kind !== 'syntax_ack') onlyAcks = false
    if (interchangeErrors.length || errors.length || !m.document) {
      // A syntax-rejected or truncated message books nothing: the parsers leave its document null.
      const reason = interchangeErrors[0]?.code ?? errors[0]?.code ?? 'unsupported_message'
      const id = await rejectedMessage(tx, ctx, m, mBase, reason)
      messages.push({ documentId: id, status: 'rejected', message: m })
    } else if (m.document.kind === 'order') {
      const outcome = await processOrder(tx, ctx, { ...mBase, order: m.document, mapped: input.mapped.get(m) ?? [] })
      messages.push({ documentId: outcome.documentId, status: outcome.status, message: m, order: outcome })
    } else {
      const [doc] = await tx
        .insert(ediDocuments)
        .values({
          orgId,
          direction: 'in',
          interchangeId,
          transmissionId: input.transmissionId,
          syntax: ic.syntax,
          messageType: m.type,
          kind: 'syntax_ack',
          messageRef: m.ref,
          documentNumber: m.document.interchangeRef ?? null,
          test,
          status: 'received',
          canonical: m.document,
          issues: m.issues,
          spanStart: m.span.start,
          spanEnd: m.span.end,
        })
        .returning({ id: ediDocuments.id })
      const ours = await correlateInboundAck(tx, { orgId, ack: m.document, documentId: doc.id })
      const status = ours ? 'acknowledged' : 'unmatched'
      await tx.update(ediDocuments).set({ status }).where(eq(ediDocuments.id, doc.id))
      messages.push({ documentId: doc.id, status, message: m })
    }
  }
  {
    const rejected = messages.filter((m) => m.status === 'rejected' && !m.order).length
    const status = interchangeErrors.length ? 'rejected' : rejected ? 'partly_accepted' : 'accepted'
    // An acknowledgement is never acknowledged (no CONTRL for a CONTRL, no 997 for a 997).
    const acks = onlyAcks && !interchangeErrors.length ? [] : await writeSyntaxAcks(tx, { profile: ctx.profile, answering: ic, test })
    await tx
      .update(ediInterchanges)
      .set({ status, ackTransmissionId: acks[acks.length - 1]?.transmissionId ?? null })
      .where(eq(ediInterchanges.id, interchangeId))
    // A TA1 and a 997 are two transmissions; the interchange points at the last, and a byte-identical resend of
    // the whole body gets the body's stored response anyway.
    return { interchange: ic, interchangeId, kind: 'processed', ackText: acks.map((a) => a.text).join(''), messages }
  }
}

function unreadableProblem(issues: SyntaxIssue[]) {
  const first = issues.find((i) => i.severity === 'error') ?? issues[0]
  const code = first?.code === 'truncated' ? 'truncated' : 'unreadable'
  const errors: ProblemError[] = issues.slice(0, 20).map((i) => ({
    pointer: i.segment ? `${i.segment.tag}+${i.segment.index}${i.element ? `/${i.element.position}` : ''}` : '/',
    code: i.code,
    detail: i.message,
  }))
  return problem(400, code, code === 'truncated' ? 'The interchange is truncated' : 'Not EDIFACT or X12', {
    detail: first?.message ?? 'The body starts with neither UNA/UNB (EDIFACT) nor ISA (X12).',
    ...(errors.length ? { errors } : {}),
  })
}

export interface ReceiveInterchangeResult extends InboundAnswer {
  transmissionId: string | null
  interchanges: InterchangeOutcome[]
  issues: SyntaxIssue[]
}

/**
 * The whole pipeline for one HTTP body of EDIFACT or X12 (POST /api/v1/interchanges, the check page with channel
 * 'check'). The answer is the syntax acknowledgement in the partner's syntax (200 also for a rejection: the ack
 * carries the verdict); 400 only for bytes that are neither, archived all the same.
 */
export async function receiveInterchange(input: {
  scope: OrgScope
  key: ApiKeyIdentity | null
  actor: Actor
  bytes: Buffer
  contentType: string
  channel: 'interchanges' | 'check'
}): Promise<ReceiveInterchangeResult> {
  const { scope, bytes } = input
  const orgId = scope.orgId
  const profile = (await getProfile({ scope, orgId }))!
  const dry = input.channel === 'check'
  const ctx: PipelineContext = { scope, key: input.key, actor: input.actor, profile, dry }
  const sha = sha256Hex(bytes)
  const syntax = detectSyntax(bytes)
  const parsed = syntax ? parseInbound(bytes, syntax, profile.tolerant) : null
  const archive = {
    orgId,
    direction: 'in' as const,
    channel: 'interchanges' as const,
    contentType: input.contentType.slice(0, 100) || 'application/octet-stream',
    raw: bytes,
    sha256: sha,
    size: bytes.length,
    apiKeyId: input.key?.id ?? null,
  }

  if (!syntax || !parsed || parsed.syntax === 'unknown' || parsed.interchanges.length === 0) {
    const p = unreadableProblem(parsed?.issues.length ? parsed.issues : [])
    const answer = { status: 400, contentType: 'application/problem+json', body: JSON.stringify(p) }
    let transmissionId: string | null = null
    if (!dry)
      transmissionId = await db.transaction(async (tx) => {
        const [t] = await tx
          .insert(ediTransmissions)
          .values({ ...archive, syntax: syntax ?? 'unknown', charset: parsed?.charset ?? null, response: answer })
          .returning({ id: ediTransmissions.id })
        await event(tx, ctx, { kind: 'unreadable', details: { transmissionId: t.id, code: p.code, size: bytes.length } })
        await writeAudit(tx, input.actor, {
          action: 'edi.received',
          entity: 'edi_transmission',
          entityId: t.id,
          orgId,
          details: { status: 400, size: bytes.length },
        })
        return t.id
      })
    return { ...answer, documents: [], transmissionId, interchanges: [], issues: parsed?.issues ?? [] }
  }

  const mapped = new Map<ParsedMessage, MappedItem[]>()
  for (const ic of parsed.interchanges)
    for (const m of ic.messages) if (m.document?.kind === 'order') mapped.set(m, await mapItems({ scope, profile, lines: m.document.lines }))
  const result = await runPipelineTransaction(dry, async (tx) => {
    // Twenty identical posts at once: each waits here for the first to commit, then finds its stored answer.
    const keys = [...new Set(parsed.interchanges.map((ic) => `edi:${orgId}:ic:${ic.sender.id}:${ic.recipient.id}:${ic.controlRef}`))].sort()
    for (const k of keys) await lock(tx, k)
    {
      const [same] = await tx
        .select({ id: ediTransmissions.id, response: ediTransmissions.response })
        .from(ediTransmissions)
        .where(
          and(
            eq(ediTransmissions.orgId, orgId),
            eq(ediTransmissions.direction, 'in'),
            eq(ediTransmissions.channel, 'interchanges'),
            eq(ediTransmissions.sha256, sha),
            gte(ediTransmissions.receivedAt, new Date(Date.now() - profile.duplicateWindowDays * 86_400_000)),
          ),
        )
        .limit(1)
      if (same?.response && same.response.status !== 400) {
        // The whole body byte for byte: the stored answer of the first, nothing created.
        await event(tx, ctx, { kind: 'duplicate_resend', details: { transmissionId: same.id } })
        const docs = await tx
          .select({ id: ediDocuments.id, status: ediDocuments.status })
          .from(ediDocuments)
          .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.transmissionId, same.id), eq(ediDocuments.direction, 'in')))
        return { ...same.response, documents: docs, transmissionId: same.id, interchanges: [] as InterchangeOutcome[] }
      }
    }
    const [t] = await tx
      .insert(ediTransmissions)
      .values({ ...archive, syntax: parsed.syntax as 'edifact' | 'x12', charset: parsed.charset })
      .returning({ id: ediTransmissions.id })
    const outcomes: InterchangeOutcome[] = []
    for (const ic of parsed.interchanges) outcomes.push(await processInterchange(tx, ctx, { ic, text: parsed.text, transmissionId: t.id, mapped }))
    const answer = { status: 200, contentType: contentTypeOf(syntax), body: outcomes.map((o) => o.ackText).join('\r\n') }
    {
      await tx.update(ediTransmissions).set({ response: answer }).where(eq(ediTransmissions.id, t.id))
      await writeAudit(tx, input.actor, {
        action: 'edi.received',
        entity: 'edi_transmission',
        entityId: t.id,
        orgId,
        details: { syntax, interchanges: outcomes.length, messages: outcomes.reduce((s, o) => s + o.messages.length, 0), size: bytes.length },
      })
    }
    const documents = outcomes.flatMap((o) => o.messages.map((m) => ({ id: m.documentId, status: m.status })))
    return { ...answer, documents, transmissionId: t.id, interchanges: outcomes }
  })
  if (!dry) {
    const productIds = result.interchanges.flatMap((o) => o.messages.flatMap((m) => m.order?.productIds ?? []))
    if (productIds.length) notifyCatalogChanged('stock', productIds)
  }
  return { ...result, issues: parsed.issues }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON orders

/** The JSON order as the canonical order every path shares. */
export function canonicalOfJson(o: JsonOrder): CanonicalOrder {
  return {
    kind: 'order',
    documentNumber: o.orderNumber,
    function: 'original',
    ...(o.orderDate ? { documentDate: o.orderDate } : {}),
    ...(o.requestedDate ? { requestedDate: o.requestedDate } : {}),
    ...(o.buyerGln ? { buyer: { gln: o.buyerGln } } : {}),
    ...(o.deliveryPointGln ? { deliveryParty: { gln: o.deliveryPointGln } } : {}),
    ...(o.currency ? { currency: o.currency } : {}),
    ...(o.note ? { note: o.note } : {}),
    lines: o.lines.map((l, i) => ({
      lineNo: l.lineNo ?? String(i + 1),
      ...(l.gtin ? { gtin: l.gtin } : {}),
      ...(l.buyerArticle ? { buyerArticle: l.buyerArticle } : {}),
      ...(l.buyerPart ? { buyerPart: l.buyerPart } : {}),
      ...(l.sku ? { supplierArticle: l.sku } : {}),
      ...(l.description ? { description: l.description } : {}),
      qty: String(l.qty),
      ...(l.unit ? { unit: l.unit } : {}),
      ...(l.price ? { price: l.price } : {}),
      ...(l.requestedDate ? { requestedDate: l.requestedDate } : {}),
    })),
  }
}

/** Line problems of an answer as JSON pointers into the request, with the EDI path's codes. */
function issuesOf(order: CanonicalOrder, outcome: OrderOutcome): ProblemError[] {
  return outcome.decisions.flatMap((d, i) =>
    d.reason ? [{ pointer: `/lines/${i}`, code: d.reason.code, detail: `Line ${order.lines[i].lineNo}: ${reasonOf(d.reason.code).text}` }] : [],
  )
}

export function jsonAnswerOf(order: CanonicalOrder, outcome: OrderOutcome) {
  return {
    id: outcome.documentId,
    status: outcome.status,
    ...(outcome.statusReason ? { statusReason: outcome.statusReason } : {}),
    ...(outcome.orderId ? { orderId: outcome.orderId } : {}),
    ...(outcome.orderNumber ? { orderNumber: outcome.orderNumber } : {}),
    response: outcome.response,
    issues: issuesOf(order, outcome),
  }
}

/**
 * POST /api/v1/orders: the same mapping, decisions and booking as an ORDERS. The Idempotency-Key is kept on the
 * body's archive row (unique per account): the same key and body get the first answer, the same key with another
 * body a 422; serialised by an advisory lock on the key, so the unique index is the backstop, not the mechanism.
 */
export async function receiveJsonOrder(input: {
  scope: OrgScope
  key: ApiKeyIdentity
  actor: Actor
  idempotencyKey: string | null
  raw: string
  order: JsonOrder
}): Promise<InboundAnswer> {
  const { scope } = input
  const orgId = scope.orgId
  const profile = (await getProfile({ scope, orgId }))!
  const ctx: PipelineContext = { scope, key: input.key, actor: input.actor, profile, dry: false }
  const raw = Buffer.from(input.raw, 'utf8')
  const sha = sha256Hex(raw)
  const order = canonicalOfJson(input.order)
  const mapped = await mapItems({ scope, profile, lines: order.lines })
  const result = await db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      await lock(tx, `edi:${orgId}:idem:${input.idempotencyKey}`)
      const [first] = await tx
        .select({ id: ediTransmissions.id, sha256: ediTransmissions.sha256, response: ediTransmissions.response })
        .from(ediTransmissions)
        .where(and(eq(ediTransmissions.orgId, orgId), eq(ediTransmissions.idempotencyKey, input.idempotencyKey)))
      if (first) {
        if (first.sha256 !== sha || !first.response) {
          const p = problem(422, 'idempotency_key_reused', 'Idempotency-Key reused with another body', {
            detail: 'This Idempotency-Key was used for a different request body; use a new key for a new order.',
          })
          return { answer: { status: 422, contentType: 'application/problem+json', body: JSON.stringify(p) }, documents: [], productIds: [] }
        }
        await event(tx, ctx, { kind: 'duplicate_resend', details: { transmissionId: first.id, idempotencyKey: input.idempotencyKey } })
        const docs = await tx
          .select({ id: ediDocuments.id, status: ediDocuments.status })
          .from(ediDocuments)
          .where(and(eq(ediDocuments.orgId, orgId), eq(ediDocuments.transmissionId, first.id)))
        return { answer: first.response, documents: docs, productIds: [] }
      }
    }
    const [t] = await tx
      .insert(ediTransmissions)
      .values({
        orgId,
        direction: 'in',
        channel: 'orders',
        syntax: 'json',
        contentType: 'application/json',
        raw,
        sha256: sha,
        size: raw.length,
        charset: 'UTF-8',
        idempotencyKey: input.idempotencyKey,
        apiKeyId: input.key.id,
      })
      .returning({ id: ediTransmissions.id })
    const outcome = await processOrder(tx, ctx, {
      order,
      syntax: 'json',
      messageType: 'order',
      messageRef: null,
      interchangeId: null,
      transmissionId: t.id,
      span: null,
      test: false,
      issues: [],
      mapped,
    })
    const answer = {
      status: outcome.status === 'booked' ? 201 : 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(jsonAnswerOf(order, outcome)),
    }
    await tx.update(ediTransmissions).set({ response: answer }).where(eq(ediTransmissions.id, t.id))
    await writeAudit(tx, input.actor, {
      action: 'edi.received',
      entity: 'edi_transmission',
      entityId: t.id,
      orgId,
      details: { syntax: 'json', number: order.documentNumber, lines: order.lines.length, status: outcome.status },
    })
    return { answer, documents: [{ id: outcome.documentId, status: outcome.status }], productIds: outcome.productIds }
  })
  if (result.productIds.length) notifyCatalogChanged('stock', result.productIds)
  return { ...result.answer, documents: result.documents }
}

// ---------------------------------------------------------------------------------------------------------------
// The API's reads of the account's orders (GET /api/v1/orders, /api/v1/orders/{id}), through ordering's reads.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** One page of the account's orders, newest first; the cursor is the next page of ordering's list. */
export async function listApiOrders({ scope, page, limit }: { scope: OrgScope; page: number; limit: number }) {
  const list = await listOrders({ scope, query: { from: undefined, to: undefined, mine: false, page }, limit })
  return {
    orders: list.rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      poNumber: r.poNumber,
      placedAt: r.placedAt.toISOString(),
      requestedDate: r.requestedDate,
      currency: r.currency,
      netMinor: r.netMinor,
      grossMinor: r.grossMinor,
      lines: r.lines,
    })),
    nextPage: page < list.pages ? page + 1 : null,
  }
}

/** One order of the account with its lines and the latest order response sent for it; null when not the account's. */
export async function getApiOrder({ scope, orderId }: { scope: OrgScope; orderId: string }) {
  if (!UUID.test(orderId)) return null
  const order = await getOrder({ scope, orderId })
  if (!order) return null
  const [answer] = await db
    .select({ id: ediDocuments.id })
    .from(ediDocuments)
    .where(
      and(
        eq(ediDocuments.orgId, scope.orgId),
        eq(ediDocuments.orderId, order.id),
        eq(ediDocuments.direction, 'out'),
        eq(ediDocuments.kind, 'order_response'),
      ),
    )
    .orderBy(desc(ediDocuments.seq))
    .limit(1)
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    poNumber: order.poNumber,
    placedAt: order.placedAt.toISOString(),
    requestedDate: order.requestedDate,
    currency: order.currency,
    netMinor: order.netMinor,
    grossMinor: order.grossMinor,
    lines: order.lines.map((l) => ({
      lineNo: l.lineNo,
      sku: l.sku,
      unit: l.unit,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      netMinor: l.netMinor,
      warehouse: l.warehouse,
      earliestDate: l.earliestDate,
      requestedDate: l.requestedDate,
      confirmedQty: l.confirmedQty,
      confirmedDate: l.confirmedDate,
      shippedQty: l.shippedQty,
    })),
    orderResponse: answer ? `/api/v1/messages/${answer.id}` : null,
  }
}
