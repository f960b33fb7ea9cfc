import { and, eq, isNull } from 'drizzle-orm'
import { db, type DbOrTx, type Tx } from '../../../db/client.server'
import { honourPhotos, personalDataConsents } from '../../../db/schema/sarm'
import type { Locale } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { endRosterOnWithdrawal } from './roster.server'
import { consentTexts, type ConsentPurpose } from './consent-texts'

// Consents of shop assistants (issue 14), the one place they are given, read and withdrawn. Withdrawal ends what
// needs the consent in the same transaction: the honour-board photo is deleted at once; callers of `processing`
// withdrawal also end the person's roster rows (roster.server.ts), so no new sale can be reported.

/** Records a consent as shown to the person: purpose, version, the very text in their language, time and IP. */
export async function recordConsent(
  tx: Tx,
  actor: Actor,
  c: { orgId: string; userId: string; purpose: ConsentPurpose; locale: Locale; ip: string | null },
) {
  const text = consentTexts[c.purpose]
  const [row] = await tx
    .insert(personalDataConsents)
    .values({ orgId: c.orgId, userId: c.userId, purpose: c.purpose, textVersion: text.version, text: text[c.locale], ip: c.ip })
    .returning({ id: personalDataConsents.id })
  await writeAudit(tx, actor, {
    action: 'consent.given',
    entity: 'personal_data_consent',
    entityId: row.id,
    orgId: c.orgId,
    details: { purpose: c.purpose, version: text.version },
  })
  return row.id
}

/** The consent in force for a purpose, or null (a withdrawn one no longer counts). */
export async function activeConsent(db: DbOrTx, c: { orgId: string; userId: string; purpose: ConsentPurpose }) {
  const [row] = await db
    .select()
    .from(personalDataConsents)
    .where(
      and(
        eq(personalDataConsents.orgId, c.orgId),
        eq(personalDataConsents.userId, c.userId),
        eq(personalDataConsents.purpose, c.purpose),
        isNull(personalDataConsents.withdrawnAt),
      ),
    )
    .limit(1)
  return row ?? null
}

/** Withdraws a consent; for the photo (or all processing) the honour-board photo goes in the same transaction. */
export async function withdrawConsent(tx: Tx, actor: Actor, c: { orgId: string; userId: string; purpose: ConsentPurpose }) {
  const withdrawn = await tx
    .update(personalDataConsents)
    .set({ withdrawnAt: new Date() })
    .where(
      and(
        eq(personalDataConsents.orgId, c.orgId),
        eq(personalDataConsents.userId, c.userId),
        eq(personalDataConsents.purpose, c.purpose),
        isNull(personalDataConsents.withdrawnAt),
      ),
    )
    .returning({ id: personalDataConsents.id })
  if (!withdrawn.length) return false
  // Without processing consent nothing about the person may be shown, the photo least of all.
  await tx.delete(honourPhotos).where(and(eq(honourPhotos.userId, c.userId), eq(honourPhotos.orgId, c.orgId)))
  if (c.purpose === 'processing') {
    await tx
      .update(personalDataConsents)
      .set({ withdrawnAt: new Date() })
      .where(and(eq(personalDataConsents.orgId, c.orgId), eq(personalDataConsents.userId, c.userId), isNull(personalDataConsents.withdrawnAt)))
    // The roster ends today: no sale can be reported or imported from now on; what was sold stays.
    await endRosterOnWithdrawal(tx, actor, c)
  }
  await writeAudit(tx, actor, {
    action: 'consent.withdrawn',
    entity: 'personal_data_consent',
    entityId: withdrawn[0].id,
    orgId: c.orgId,
    details: { purpose: c.purpose },
  })
  return true
}

/** The image types the honour board shows, told by their first bytes (never by the name or the declared type). */
export function sniffImage(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const at = (i: number, ...b: number[]) => b.every((x, k) => bytes[i + k] === x)
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

export const MAX_HONOUR_PHOTO_BYTES = 2 * 1024 * 1024

/**
 * Gives the photo consent with its photo, in one transaction: the consent as shown, the photo replacing any
 * earlier one, both audited. The caller has checked the bytes (sniffImage, the size).
 */
export async function giveHonourPhoto(
  tx: Tx,
  actor: Actor,
  c: { orgId: string; userId: string; locale: Locale; ip: string | null; mime: string; bytes: Buffer },
) {
  if (!(await activeConsent(tx, { orgId: c.orgId, userId: c.userId, purpose: 'honour_photo' })))
    await recordConsent(tx, actor, { orgId: c.orgId, userId: c.userId, purpose: 'honour_photo', locale: c.locale, ip: c.ip })
  await tx
    .insert(honourPhotos)
    .values({ userId: c.userId, orgId: c.orgId, mime: c.mime, bytes: c.bytes })
    .onConflictDoUpdate({ target: honourPhotos.userId, set: { orgId: c.orgId, mime: c.mime, bytes: c.bytes, uploadedAt: new Date() } })
  await writeAudit(tx, actor, {
    action: 'honour_photo.uploaded',
    entity: 'honour_photo',
    entityId: c.userId,
    orgId: c.orgId,
    details: { mime: c.mime, bytes: c.bytes.length },
  })
}

type Person = { orgId: string; userId: string }

/** What the consent page shows: the consents in force and whether a photo is stored. */
export async function consentState(who: Person) {
  const [processing, photo, [stored]] = await Promise.all([
    activeConsent(db, { ...who, purpose: 'processing' }),
    activeConsent(db, { ...who, purpose: 'honour_photo' }),
    db
      .select({ userId: honourPhotos.userId })
      .from(honourPhotos)
      .where(and(eq(honourPhotos.userId, who.userId), eq(honourPhotos.orgId, who.orgId))),
  ])
  return { processing, photo, hasPhoto: !!stored && !!photo }
}

/** Gives the processing consent unless one is in force already (a double submit records one). */
export async function giveProcessingConsent(actor: Actor, c: Person & { locale: Locale; ip: string | null }) {
  return db.transaction(async (tx) => {
    if (await activeConsent(tx, { ...c, purpose: 'processing' })) return false
    await recordConsent(tx, actor, { ...c, purpose: 'processing' })
    return true
  })
}

/** Withdraws in its own transaction (see withdrawConsent); false when nothing was in force. */
export async function withdraw(actor: Actor, c: Person & { purpose: ConsentPurpose }) {
  return db.transaction((tx) => withdrawConsent(tx, actor, c))
}

/** The photo with its consent; refused while the processing consent is missing. */
export async function uploadHonourPhoto(actor: Actor, c: Person & { locale: Locale; ip: string | null; mime: string; bytes: Buffer }) {
  return db.transaction(async (tx) => {
    if (!(await activeConsent(tx, { ...c, purpose: 'processing' }))) return false
    await giveHonourPhoto(tx, actor, c)
    return true
  })
}
