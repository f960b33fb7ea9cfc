import { createHash } from 'node:crypto'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../../db/client.server'
import { anyOf } from '../../../db/sql-lists'
import { ediDocuments, ediEvents, ediInterchanges, ediTransmissions } from '../../../db/schema/edi'
import type { AckAction, InboundSyntaxAck, ParsedInterchange, ParseResult, PartyId, SyntaxIssue } from './document'
import { isEdifact, parseEdifact, writeContrl } from './edifact'
import { isX12, parseX12, write997, writeTa1 } from './x12'
import { edifactSettingsOf, nextControlNumber, x12SettingsOf, type PartnerProfile } from './partners.server'

// The syntax layer of our answers (anchors §1.8): the CONTRL (EDIFACT) or 997 / TA1 (X12) we write for an inbound
// interchange, archived like every outbound message, and the partner's CONTRL / 997 / TA1 for one of ours,
// correlated to our interchange by its control reference. An acknowledgement is never acknowledged.

export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex')

export type InboundSyntax = 'edifact' | 'x12'

export function detectSyntax(bytes: Uint8Array): InboundSyntax | null {
  if (isEdifact(bytes)) return 'edifact'
  if (isX12(bytes)) return 'x12'
  return null
}

export function parseInbound(bytes: Uint8Array, syntax: InboundSyntax, tolerant: boolean): ParseResult {
  // A NUL byte is in no EDI repertoire, and PostgreSQL can keep it in neither text nor jsonb: read as SUB (0x1A),
  // also outside every repertoire, the charset check reports it at its place (0085 = 21) and the parsed form can be
  // archived. The raw bytes stay as they came.
  const readable = bytes.includes(0) ? bytes.map((b) => (b === 0 ? 0x1a : b)) : bytes
  return syntax === 'edifact' ? parseEdifact(readable, { tolerant }) : parseX12(readable, { tolerant })
}

export const contentTypeOf = (syntax: InboundSyntax) => (syntax === 'edifact' ? 'application/edifact' : 'application/x12')

/** Our id and the partner's for an answer: the profile's when kept, else the envelope's own, swapped. */
function partiesFor(profile: PartnerProfile, ic: ParsedInterchange): { sender: PartyId; recipient: PartyId } {
  if (ic.syntax === 'edifact')
    return {
      sender: { id: profile.ourGln ?? ic.recipient.id, qualifier: ic.recipient.qualifier ?? profile.edifactQualifier },
      recipient: { id: ic.sender.id, qualifier: ic.sender.qualifier },
    }
  return {
    sender: { id: profile.ourIsaId ?? ic.recipient.id, qualifier: profile.ourIsaQualifier ?? ic.recipient.qualifier ?? 'ZZ' },
    recipient: { id: ic.sender.id, qualifier: ic.sender.qualifier ?? 'ZZ' },
  }
}

const errorsOf = (issues: SyntaxIssue[]) => issues.filter((i) => i.severity === 'error')

export interface StoredAck {
  messageType: 'CONTRL' | '997' | 'TA1'
  text: string
  action: AckAction
  transmissionId: string
}

/**
 * Writes and archives our syntax acknowledgement of one inbound interchange, in `tx`: EDIFACT a CONTRL; X12 a TA1
 * when the interchange itself is refused (a duplicate ISA13: TA105 025, with a 997 R for its groups) and a 997 per
 * interchange otherwise (with a TA1 A too when the partner asked for one, ISA14 = 1, or the profile sends TA1).
 * Each is one outbound transmission + interchange (our next gap-free control number) + document (kind syntax_ack,
 * status 'delivered': it went back in the HTTP answer, it is not a mailbox item).
 */
export async function writeSyntaxAcks(
  tx: Tx,
  input: { profile: PartnerProfile; answering: ParsedInterchange; extraIssues?: SyntaxIssue[]; answersDocumentId?: string; test: boolean },
): Promise<StoredAck[]> {
  const { profile, answering: ic } = input
  const orgId = profile.orgId
  const parties = partiesFor(profile, ic)
  const preparedAt = new Date()
  const extra = input.extraIssues ?? []
  const written: { messageType: StoredAck['messageType']; text: string; bytes: Uint8Array; action: AckAction; controlRef: string }[] = []
  if (ic.syntax === 'edifact') {
    const controlRef = String(await nextControlNumber(tx, orgId))
    const out = writeContrl({ answering: ic, extraIssues: extra, ...parties, controlRef, preparedAt, settings: edifactSettingsOf(profile) })
    written.push({ messageType: 'CONTRL', ...out, controlRef })
  } else {
    const settings = x12SettingsOf(profile)
    const interchangeRefused = errorsOf([...ic.issues, ...extra]).length > 0
    if (interchangeRefused || profile.sendTa1 || ic.ackRequested) {
      const controlRef = String(await nextControlNumber(tx, orgId)).padStart(9, '0')
      const out = writeTa1({ answering: ic, extraIssues: extra, ...parties, controlRef, preparedAt, settings })
      written.push({ messageType: 'TA1', ...out, controlRef })
    }
    if (ic.groups.length > 0 || ic.messages.length > 0) {
      const n = await nextControlNumber(tx, orgId)
      const controlRef = String(n).padStart(9, '0')
      const out = write997({ answering: ic, extraIssues: extra, ...parties, controlRef, groupRef: String(n), preparedAt, settings })
      written.push({ messageType: '997', ...out, controlRef })
    }
  }
  const stored: StoredAck[] = []
  for (const w of written) {
    const bytes = Buffer.from(w.bytes)
    const [t] = await tx
      .insert(ediTransmissions)
      .values({
        orgId,
        direction: 'out',
        channel: 'outbound',
        syntax: ic.syntax,
        contentType: contentTypeOf(ic.syntax),
        raw: bytes,
        sha256: sha256Hex(bytes),
        size: bytes.length,
        charset: ic.syntaxId || null,
      })
      .returning({ id: ediTransmissions.id })
    const [out] = await tx
      .insert(ediInterchanges)
      .values({
        orgId,
        transmissionId: t.id,
        direction: 'out',
        syntax: ic.syntax,
        senderId: parties.sender.id,
        recipientId: parties.recipient.id,
        controlRef: w.controlRef,
        sha256: sha256Hex(bytes),
        test: input.test,
        status: 'sent',
      })
      .returning({ id: ediInterchanges.id })
    const [doc] = await tx
      .insert(ediDocuments)
      .values({
        orgId,
        direction: 'out',
        interchangeId: out.id,
        transmissionId: t.id,
        syntax: ic.syntax,
        messageType: w.messageType,
        kind: 'syntax_ack',
        documentNumber: ic.controlRef,
        test: input.test,
        status: 'delivered',
        statusReason: w.action,
        answersId: input.answersDocumentId ?? null,
        body: w.text,
      })
      .returning({ id: ediDocuments.id })
    await tx.insert(ediEvents).values({
      orgId,
      documentId: doc.id,
      interchangeId: out.id,
      kind: 'ack_sent',
      details: { messageType: w.messageType, action: w.action, answers: ic.controlRef },
    })
    stored.push({ messageType: w.messageType, text: w.text, action: w.action, transmissionId: t.id })
  }
  return stored
}

/** The stored text of acknowledgements sent earlier (a byte-identical interchange gets them again). */
export async function storedAckText(tx: Tx, transmissionIds: string[]) {
  if (!transmissionIds.length) return ''
  const rows = await tx
    .select({ id: ediTransmissions.id, raw: ediTransmissions.raw })
    .from(ediTransmissions)
    .where(inArray(ediTransmissions.id, transmissionIds))
  const byId = new Map(rows.map((r) => [r.id, r.raw.toString('utf8')]))
  return transmissionIds.map((id) => byId.get(id) ?? '').join('')
}

/** Leading zeros aside: ISA13 is 9 digits, a partner may echo it as a number. */
const sameRef = (a: string, b: string) => a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b))

/**
 * A partner's CONTRL / 997 / TA1 for one of our interchanges: found by its control reference (UCI 0020 / TA101, or
 * the 997's group number when only the group is named) among our outbound interchanges to this account; marks it
 * acknowledged or rejected with the action, and says so on its timeline. Returns our interchange, or null when the
 * reference names none of ours (the event then says so on the inbound document).
 */
export async function correlateInboundAck(tx: Tx, { orgId, ack, documentId }: { orgId: string; ack: InboundSyntaxAck; documentId: string }) {
  const refs = [ack.interchangeRef, ack.groupRef].filter((r): r is string => !!r)
  const candidates = refs.length
    ? await tx
        .select({ id: ediInterchanges.id, controlRef: ediInterchanges.controlRef })
        .from(ediInterchanges)
        // Narrowed in SQL with leading zeros aside (every outbound interchange of a busy partner is many); sameRef
        // below then keeps only the exact or numerically equal reference.
        .where(
          and(
            eq(ediInterchanges.orgId, orgId),
            eq(ediInterchanges.direction, 'out'),
            anyOf(
              sql`ltrim(${ediInterchanges.controlRef}, '0')`,
              refs.map((r) => r.replace(/^0+/, '')),
              'text',
            ),
          ),
        )
    : []
  const ours = refs.map((r) => candidates.find((c) => sameRef(c.controlRef, r))).find(Boolean)
  if (!ours) {
    await tx.insert(ediEvents).values({ orgId, documentId, kind: 'ack_unmatched', details: { ref: refs[0] ?? null, action: ack.action } })
    return null
  }
  await tx
    .update(ediInterchanges)
    .set({ ackedAt: new Date(), ackAction: ack.action, status: ack.action === 'rejected' ? 'rejected' : 'acknowledged' })
    .where(and(eq(ediInterchanges.id, ours.id), eq(ediInterchanges.orgId, orgId)))
  await tx.insert(ediEvents).values({
    orgId,
    documentId,
    interchangeId: ours.id,
    kind: 'ack_received',
    details: { ref: ours.controlRef, action: ack.action, messages: ack.messages.length },
  })
  return ours.id
}
