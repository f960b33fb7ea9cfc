import { eq, sql } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { ediPartners, ediShipToGlns } from '../../../db/schema/edi'
import { covers, type Scope } from '../auth/scope.server'
import type { EdifactSettings, X12Settings } from './document'

// The trading-partner profile (anchors §2 F6) as the pipeline reads it, and the partner's gap-free numbers. A key
// account without a profile row gets the defaults (test mode: nothing it sends is booked until staff switch it to
// production), so a new account can try the API at once and no one books by accident.

export type PartnerProfile = typeof ediPartners.$inferSelect

export function defaultProfile(orgId: string): PartnerProfile {
  return {
    orgId,
    mode: 'test',
    syntax: 'edifact',
    partnerGln: null,
    ourGln: null,
    edifactQualifier: '14',
    isaQualifier: null,
    isaId: null,
    ourIsaQualifier: null,
    ourIsaId: null,
    edifactDirectory: 'D96A',
    edifactCharset: 'UNOC',
    edifactSyntaxVersion: 3,
    una: ":+.? '",
    x12Version: '004010',
    messages: ['ORDERS', 'ORDRSP', 'DESADV', 'INVOIC', 'PRICAT', 'INVRPT', 'APERAK'],
    sendContrl: true,
    send997: true,
    sendTa1: false,
    orderResponse: 'automatic',
    ackExpectedHours: 24,
    duplicateWindowDays: 90,
    tolerant: false,
    itemIds: ['gtin', 'buyer_article', 'sku'],
    unknownItem: 'reject',
    webhookUrl: null,
    webhookSecretVersion: 0,
    lastControlNumber: 0,
    lastDocumentNumber: 0,
    updatedAt: new Date(0),
    updatedBy: null,
  }
}

/** The profile of one key account (the scope's own, or a named one for staff); defaults when none was kept. */
export async function getProfile({ scope, orgId }: { scope: Scope; orgId: string }, tx: DbOrTx = db): Promise<PartnerProfile | null> {
  if (!covers(scope, orgId)) return null
  const [row] = await tx.select().from(ediPartners).where(eq(ediPartners.orgId, orgId))
  return row ?? defaultProfile(orgId)
}

/** GLN → ship-to mapping of the account, with the blocked delivery points. */
export async function listShipToGlns({ scope, orgId }: { scope: Scope; orgId: string }, tx: DbOrTx = db) {
  if (!covers(scope, orgId)) return []
  return tx
    .select({ gln: ediShipToGlns.gln, shipToId: ediShipToGlns.shipToId, blocked: ediShipToGlns.blocked })
    .from(ediShipToGlns)
    .where(eq(ediShipToGlns.orgId, orgId))
}

export const edifactSettingsOf = (p: PartnerProfile): EdifactSettings => ({
  directory: p.edifactDirectory,
  charset: p.edifactCharset,
  syntaxVersion: p.edifactSyntaxVersion === 4 ? 4 : 3,
  una: p.una,
  writeUna: true,
})

export const x12SettingsOf = (p: PartnerProfile): X12Settings => ({
  version: p.x12Version,
  elementSeparator: '*',
  componentSeparator: '>',
  segmentTerminator: '~',
  repetitionSeparator: p.x12Version === '005010' ? '^' : 'U',
})

/**
 * The next interchange control number for this partner, inside the sending transaction: the counter row is locked
 * and incremented there, so numbers are gap-free (a rolled-back send gives its number back) and never repeat.
 * Creates the profile row with defaults when the account has none yet.
 */
export async function nextControlNumber(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .insert(ediPartners)
    .values({ orgId, lastControlNumber: 1 })
    .onConflictDoUpdate({ target: ediPartners.orgId, set: { lastControlNumber: sql`${ediPartners.lastControlNumber} + 1` } })
    .returning({ n: ediPartners.lastControlNumber })
  return row.n
}

/** Our next document number for this partner's outbound documents (ORDRSP, DESADV …), gap-free like the above. */
export async function nextDocumentNumber(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .insert(ediPartners)
    .values({ orgId, lastDocumentNumber: 1 })
    .onConflictDoUpdate({ target: ediPartners.orgId, set: { lastDocumentNumber: sql`${ediPartners.lastDocumentNumber} + 1` } })
    .returning({ n: ediPartners.lastDocumentNumber })
  return row.n
}
