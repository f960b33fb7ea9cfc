import { and, eq } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { ediPartners, ediShipToGlns } from '../../../db/schema/edi'
import { writeAudit, type Actor } from '../audit/mutations.server'
import type { AnyScope } from '../auth/scope.server'
import { findShipTo } from '../delivery-terms/queries.server'
import { getProfile, type PartnerProfile } from './partners.server'
import type { ProfileInput, ShipToGlnInput } from './profile-schemas'

// Staff keep the trading-partner profile (anchors §2 F6) and the account's GLN → ship-to map. Each save is one
// transaction with its audit row, which names what changed ("mode: test → production"), so a partner's sudden
// rejections can be traced to the setting that caused them.

export type ProfileSaveResult = { ok: true; changed: string[] } | { ok: false; fieldErrors: Record<string, string[]> }

/** The profile as the form shows it (the select values the schema takes). */
export function profileFormValues(p: PartnerProfile) {
  return {
    mode: p.mode,
    syntax: p.syntax,
    partnerGln: p.partnerGln ?? '',
    ourGln: p.ourGln ?? '',
    edifactQualifier: p.edifactQualifier,
    isaQualifier: p.isaQualifier ?? '',
    isaId: p.isaId ?? '',
    ourIsaQualifier: p.ourIsaQualifier ?? '',
    ourIsaId: p.ourIsaId ?? '',
    edifactDirectory: p.edifactDirectory,
    edifactCharset: p.edifactCharset,
    edifactSyntaxVersion: String(p.edifactSyntaxVersion),
    una: p.una,
    x12Version: p.x12Version,
    messages: p.messages,
    sendContrl: p.sendContrl ? 'on' : undefined,
    send997: p.send997 ? 'on' : undefined,
    sendTa1: p.sendTa1 ? 'on' : undefined,
    orderResponse: p.orderResponse,
    ackExpectedHours: String(p.ackExpectedHours),
    duplicateWindowDays: String(p.duplicateWindowDays),
    tolerance: p.tolerant ? 'tolerant' : 'strict',
    itemIds: p.itemIds.join(','),
    unknownItem: p.unknownItem,
    webhookUrl: p.webhookUrl ?? '',
  }
}

type Columns = Omit<
  typeof ediPartners.$inferInsert,
  'orgId' | 'lastControlNumber' | 'lastDocumentNumber' | 'webhookSecretVersion' | 'updatedAt' | 'updatedBy'
>

function columnsOf(input: ProfileInput): Columns {
  const { tolerance, itemIds, edifactSyntaxVersion, ...rest } = input
  return { ...rest, edifactSyntaxVersion, tolerant: tolerance === 'tolerant', itemIds: itemIds.split(',') }
}

const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(' ') : String(v))

/** Saves every field people set; the counters and the webhook secret version stay as they are. */
export async function saveProfile({
  scope,
  actor,
  orgId,
  input,
}: {
  scope: AnyScope
  actor: Actor
  orgId: string
  input: ProfileInput
}): Promise<ProfileSaveResult> {
  return db.transaction(async (tx) => {
    const before = await getProfile({ scope, orgId }, tx)
    if (!before) return { ok: false, fieldErrors: { '': ['error.notFound.title'] } }
    const next = columnsOf(input)
    const changed = (Object.keys(next) as (keyof Columns)[]).filter((k) => shown(before[k]) !== shown(next[k]))
    await tx
      .insert(ediPartners)
      .values({ orgId, ...next, updatedAt: new Date(), updatedBy: actor.userId })
      .onConflictDoUpdate({ target: ediPartners.orgId, set: { ...next, updatedAt: new Date(), updatedBy: actor.userId } })
    await writeAudit(tx, actor, {
      action: 'edi.profile_saved',
      entity: 'edi_partner',
      entityId: orgId,
      orgId,
      details: { changes: changed.map((k) => `${k}: ${shown(before[k])} → ${shown(next[k])}`).join('; ') },
    })
    return { ok: true, changed }
  })
}

/** Maps (or re-maps, or blocks) one delivery-point GLN to one of the account's own ship-to addresses. */
export async function mapShipToGln({
  scope,
  actor,
  orgId,
  input,
}: {
  scope: AnyScope
  actor: Actor
  orgId: string
  input: ShipToGlnInput
}): Promise<ProfileSaveResult> {
  return db.transaction(async (tx) => {
    const place = await findShipTo({ scope, orgId, id: input.shipToId }, tx)
    if (!place) return { ok: false, fieldErrors: { shipToId: ['edi.profile.error.shipTo'] } }
    await tx
      .insert(ediShipToGlns)
      .values({ orgId, gln: input.gln, shipToId: place.id, blocked: input.blocked })
      .onConflictDoUpdate({ target: [ediShipToGlns.orgId, ediShipToGlns.gln], set: { shipToId: place.id, blocked: input.blocked } })
    await writeAudit(tx, actor, {
      action: 'edi.profile_saved',
      entity: 'edi_partner',
      entityId: orgId,
      orgId,
      details: { changes: `GLN ${input.gln} → ${place.name}${input.blocked ? ' (blocked)' : ''}` },
    })
    return { ok: true, changed: ['shipToGln'] }
  })
}

export async function removeShipToGln({ actor, orgId, gln }: { scope: AnyScope; actor: Actor; orgId: string; gln: string }) {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(ediShipToGlns)
      .where(and(eq(ediShipToGlns.orgId, orgId), eq(ediShipToGlns.gln, gln)))
      .returning({ gln: ediShipToGlns.gln })
    if (gone.length)
      await writeAudit(tx, actor, {
        action: 'edi.profile_saved',
        entity: 'edi_partner',
        entityId: orgId,
        orgId,
        details: { changes: `GLN ${gln} removed` },
      })
    return gone.length > 0
  })
}
