import { and, desc, eq } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ediDocuments, ediEvents, ediTransmissions } from '../../../db/schema/edi'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { ApiKeyIdentity } from '../auth/queries.server'
import { inScope, narrowScope, type AnyScope, type OrgScope, type Scope } from '../auth/scope.server'
import { detectSyntax, parseInbound } from './acks.server'
import type { CanonicalOrder, SyntaxIssue } from './document'
import { processOrder, receiveInterchange, runPipelineTransaction, type OrderOutcome } from './inbound.server'
import { mapItems } from './item-map.server'
import { getProfile } from './partners.server'

// Replay (anchors §2 F4, §5.4): the pipeline once more on the archived bytes, as a dry run, with the difference to
// the first run line by line; a commit books only where the idempotency rules allow it (the first run booked
// nothing, and the buyer's number was not booked since — processOrder's business-duplicate check, which leaves the
// document itself out). And the account's "check a file": the same parse, decisions and acknowledgement, nothing
// written.

interface RunLine {
  lineNo: string
  action: string
  qty: number
  price: string | null
  date: string | null
  reason: string | null
}
interface RunSummary {
  status: string
  responseStatus: string | null
  booked: boolean
  lines: RunLine[]
}

export interface ReplayDifference {
  lineNo: string
  field: 'action' | 'qty' | 'price' | 'date' | 'reason' | 'line'
  before: string | null
  after: string | null
}

export interface ReplayResult {
  documentId: string
  allowed: boolean
  /** Why a commit is refused: already booked, a test document, a syntax rejection, a business duplicate. */
  refusal: 'already_booked' | 'test' | 'not_an_order' | 'business_duplicate' | null
  committed: boolean
  before: RunSummary
  after: RunSummary
  differences: ReplayDifference[]
}

const summaryOf = (o: OrderOutcome): RunSummary => ({
  status: o.status,
  responseStatus: o.response.status,
  booked: o.wouldBook || !!o.orderId,
  lines: o.decisions.map((d) => ({
    lineNo: d.lineNo,
    action: d.action,
    qty: d.qty,
    price: d.price ?? null,
    date: d.deliveryDate ?? null,
    reason: d.reason?.code ?? null,
  })),
})

function differencesOf(before: RunSummary, after: RunSummary): ReplayDifference[] {
  const out: ReplayDifference[] = []
  const byNo = new Map(before.lines.map((l) => [l.lineNo, l]))
  for (const a of after.lines) {
    const b = byNo.get(a.lineNo)
    byNo.delete(a.lineNo)
    if (!b) {
      out.push({ lineNo: a.lineNo, field: 'line', before: null, after: a.action })
      continue
    }
    for (const field of ['action', 'qty', 'price', 'date', 'reason'] as const) {
      const x = b[field] === null ? null : String(b[field])
      const y = a[field] === null ? null : String(a[field])
      if (x !== y) out.push({ lineNo: a.lineNo, field, before: x, after: y })
    }
  }
  for (const b of byNo.values()) out.push({ lineNo: b.lineNo, field: 'line', before: b.action, after: null })
  return out
}

/** The archived order a document holds: the JSON canonical form, or its message re-read from the raw bytes. */
async function archivedOrder(
  doc: { syntax: string; canonical: unknown; transmissionId: string | null; messageRef: string | null; spanStart: number | null },
  tolerant: boolean,
) {
  if (doc.syntax === 'json' || !doc.transmissionId) return (doc.canonical as CanonicalOrder | null) ?? null
  const [t] = await db.select({ raw: ediTransmissions.raw }).from(ediTransmissions).where(eq(ediTransmissions.id, doc.transmissionId))
  if (!t) return null
  const syntax = detectSyntax(t.raw)
  if (!syntax) return null
  const parsed = parseInbound(t.raw, syntax, tolerant)
  const messages = parsed.interchanges.flatMap((ic) => ic.messages.map((m) => ({ m, test: ic.test })))
  const found =
    messages.find(({ m }) => m.span.start === doc.spanStart && m.ref === doc.messageRef) ?? messages.find(({ m }) => m.ref === doc.messageRef)
  return found?.m.document?.kind === 'order' && !found.m.issues.some((i) => i.severity === 'error') ? found.m.document : null
}

export async function replayDocument({
  scope,
  actor,
  documentId,
  commit,
}: {
  scope: AnyScope
  actor: Actor
  documentId: string
  commit: boolean
}): Promise<ReplayResult | null> {
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return null
  const [doc] = await db
    .select()
    .from(ediDocuments)
    .where(and(eq(ediDocuments.id, documentId), eq(ediDocuments.direction, 'in'), inScope(scope as Scope, ediDocuments.orgId)))
  if (!doc) return null
  const orgScope = narrowScope(scope, doc.orgId)
  const profile = (await getProfile({ scope: orgScope, orgId: doc.orgId }))!
  const [first] = await db
    .select({ details: ediEvents.details })
    .from(ediEvents)
    .where(and(eq(ediEvents.documentId, doc.id), eq(ediEvents.kind, 'decided')))
    .orderBy(desc(ediEvents.at))
    .limit(1)
  const firstDetails = (first?.details ?? {}) as { status?: string; booked?: boolean; lines?: RunLine[] }
  const before: RunSummary = {
    status: doc.status,
    responseStatus: firstDetails.status ?? null,
    booked: !!doc.orderId,
    lines: firstDetails.lines ?? [],
  }
  const order = doc.kind === 'order' ? await archivedOrder(doc, profile.tolerant) : null
  const refusalOf = (): ReplayResult['refusal'] =>
    doc.orderId || doc.status === 'booked' ? 'already_booked' : doc.test ? 'test' : !order ? 'not_an_order' : null
  let refusal = refusalOf()
  if (!order) return { documentId, allowed: false, refusal, committed: false, before, after: { ...before, lines: [] }, differences: [] }

  const doCommit = commit && refusal === null
  const mapped = await mapItems({ scope: orgScope, profile, lines: order.lines })
  const outcome = await runPipelineTransaction(!doCommit, async (tx) => {
    if (doCommit) {
      // The refusal above was read outside this transaction: two commits pressed at once both passed it and each
      // booked an order (found on PostgreSQL). The document's row, locked and read again here, lets only the first
      // book; the others see its order and are refused as already booked.
      const [current] = await tx
        .select({ orderId: ediDocuments.orderId, status: ediDocuments.status })
        .from(ediDocuments)
        .where(and(eq(ediDocuments.id, doc.id), eq(ediDocuments.orgId, doc.orgId)))
        .for('update')
      if (current?.orderId || current?.status === 'booked') return null
    }
    const result = await processOrder(
      tx,
      { scope: orgScope, key: null, actor, profile, dry: !doCommit, replayOf: { documentId, commit: doCommit } },
      {
        order,
        syntax: doc.syntax as 'edifact' | 'x12' | 'json',
        messageType: doc.messageType,
        messageRef: doc.messageRef,
        interchangeId: doc.interchangeId,
        transmissionId: doc.transmissionId,
        span: doc.spanStart !== null && doc.spanEnd !== null ? { start: doc.spanStart, end: doc.spanEnd } : null,
        test: doc.test,
        issues: [],
        mapped,
      },
    )
    if (doCommit)
      await writeAudit(tx, actor, {
        action: 'edi.replayed',
        entity: 'edi_document',
        entityId: documentId,
        orgId: doc.orgId,
        // The sentence's names: the buyer's document number, and the order it booked or the status it kept.
        details: { document: order.documentNumber, outcome: result.orderNumber ?? result.status },
      })
    return result
  })
  // Booked by a concurrent commit meanwhile: answer as a replay of a booked document does (a dry run, refused).
  if (!outcome) return replayDocument({ scope, actor, documentId, commit: false })
  if (!refusal && outcome.statusReason === 'business_duplicate') refusal = 'business_duplicate'
  const after = summaryOf(outcome)
  return {
    documentId,
    allowed: refusal === null,
    refusal,
    committed: doCommit && !!outcome.orderId,
    before,
    after,
    differences: differencesOf(before, after),
  }
}

export interface CheckedFile {
  ack: { contentType: string; body: string }
  issues: Pick<SyntaxIssue, 'level' | 'code' | 'severity' | 'segment' | 'element' | 'message'>[]
  documents: {
    type: string
    ref: string
    number: string | null
    lines: number
    /** Each line's decision with the numbers the ORDRSP would carry, so a changed line shows what changed. */
    decisions: {
      lineNo: string
      action: string
      item: string | null
      orderedQty: string
      qty: string
      unit?: string
      price?: string
      deliveryDate?: string
      reason?: { code: string; text: string }
    }[]
  }[]
}

/** The account's "check a file": what POST /api/v1/interchanges would answer, with readable errors; writes nothing. */
export async function checkFile({ scope, key, bytes }: { scope: OrgScope; key?: ApiKeyIdentity; bytes: Buffer }): Promise<CheckedFile> {
  const result = await receiveInterchange({
    scope,
    key: key ?? null,
    actor: { userId: key?.createdBy ?? null, email: key?.createdByEmail ?? null, ip: null },
    bytes,
    contentType: 'application/octet-stream',
    channel: 'check',
  })
  const strip = (i: SyntaxIssue) => ({
    level: i.level,
    code: i.code,
    severity: i.severity,
    ...(i.segment ? { segment: i.segment } : {}),
    ...(i.element ? { element: i.element } : {}),
    message: i.message,
  })
  const issues = [
    ...result.issues,
    ...result.interchanges.flatMap((o) => [
      ...o.interchange.issues,
      ...o.interchange.groups.flatMap((g) => g.issues),
      ...o.interchange.messages.flatMap((m) => m.issues),
    ]),
  ].map(strip)
  if (result.status === 400 && !issues.length) {
    const p = JSON.parse(result.body) as { code: string; detail?: string }
    issues.push({
      level: 'file',
      code: p.code === 'truncated' ? 'truncated' : 'unreadable',
      severity: 'error',
      message: p.detail ?? 'Not EDIFACT or X12.',
    })
  }
  return {
    ack: { contentType: result.contentType, body: result.body },
    issues,
    documents: result.interchanges.flatMap((o) =>
      o.messages.map((m) => ({
        type: m.message.type,
        ref: m.message.ref,
        number: m.order?.response.orderNumber ?? (m.message.document?.kind === 'order' ? m.message.document.documentNumber : null),
        lines: m.message.document?.kind === 'order' ? m.message.document.lines.length : 0,
        decisions: (m.order?.response.lines ?? []).map((l) => ({
          lineNo: l.lineNo,
          action: l.action,
          item: l.gtin ?? l.buyerArticle ?? l.buyerPart ?? l.supplierArticle ?? null,
          orderedQty: l.orderedQty,
          qty: l.qty,
          ...(l.unit ? { unit: l.unit } : {}),
          ...(l.price ? { price: l.price } : {}),
          ...(l.deliveryDate ? { deliveryDate: l.deliveryDate } : {}),
          ...(l.reason ? { reason: l.reason } : {}),
        })),
      })),
    ),
  }
}
