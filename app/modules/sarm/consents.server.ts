import { and, eq, isNull } from 'drizzle-orm'
import type { DbOrTx, Tx } from '../../../db/client.server'
import { honourPhotos, personalDataConsents } from '../../../db/schema/sarm'
import type { Locale } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
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
  if (c.purpose === 'processing')
    await tx
      .update(personalDataConsents)
      .set({ withdrawnAt: new Date() })
      .where(and(eq(personalDataConsents.orgId, c.orgId), eq(personalDataConsents.userId, c.userId), isNull(personalDataConsents.withdrawnAt)))
  await writeAudit(tx, actor, {
    action: 'consent.withdrawn',
    entity: 'personal_data_consent',
    entityId: withdrawn[0].id,
    orgId: c.orgId,
    details: { purpose: c.purpose },
  })
  return true
}
