import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { crmContacts, crmSurveyInvitations, crmSurveyResponses, crmSurveyWaves } from '../../db/schema/crm'
import { memberships } from '../../db/schema/tenancy'
import { DEFAULT_IMPORTANCE, DIMENSIONS, dimensionOf, ITEM_COUNT, type Dimension } from '../../app/modules/crm/servqual-items'
import type { Answer } from '../../app/modules/crm/servqual'
import type { Role } from '../../app/modules/tenancy/roles'
import { createUser } from './index'
import type { CrmWorldInput } from './crm-customers'

// Factories for the CRM's surveys (issue 15): the seed, the fixtures and the tests make their rows the same way.

/** A wave (no invitations): open from `opensOn` to `closesOn`. */
export async function createSurveyWave(
  db: DbOrTx,
  o: { opensOn: string; closesOn: string; titleRu?: string; titleEn?: string; minAnswers?: number; createdBy?: string | null },
) {
  const [wave] = await db
    .insert(crmSurveyWaves)
    .values({
      titleRu: o.titleRu ?? `Опрос ${o.opensOn}`,
      titleEn: o.titleEn ?? `Survey ${o.opensOn}`,
      opensOn: o.opensOn,
      closesOn: o.closesOn,
      minAnswers: o.minAnswers ?? 30,
      createdBy: o.createdBy ?? null,
    })
    .returning()
  return wave!
}

/** People of one organisation who can be asked: a portal account, a membership and a contact with consent. */
export async function createRespondents(
  db: DbOrTx,
  o: { orgId: string; count: number; role: Role; emailPrefix: string; emailDomain?: string; namePrefix: string; password?: string },
) {
  const out: { userId: string; contactId: string }[] = []
  for (let k = 1; k <= o.count; k++) {
    const email = `${o.emailPrefix}${String(k).padStart(2, '0')}@${o.emailDomain ?? 'example.test'}`
    const user = await createUser(db, { email, displayName: `${o.namePrefix} ${k}`, password: o.password })
    await db.insert(memberships).values({ userId: user.id, orgId: o.orgId, role: o.role, acceptedAt: new Date() })
    const [contact] = await db
      .insert(crmContacts)
      .values({ orgId: o.orgId, fullName: `${o.namePrefix} ${k}`, email, emailKey: email.toLowerCase(), consentGivenAt: new Date(), userId: user.id })
      .returning({ id: crmContacts.id })
    out.push({ userId: user.id, contactId: contact!.id })
  }
  return out
}

/** An invitation for a person of an organisation. */
export async function createInvitation(db: DbOrTx, o: { waveId: string; orgId: string; userId: string; contactId?: string | null; sentAt?: Date }) {
  const [row] = await db
    .insert(crmSurveyInvitations)
    .values({ waveId: o.waveId, orgId: o.orgId, userId: o.userId, contactId: o.contactId ?? null, sentAt: o.sentAt ?? new Date() })
    .returning()
  return row!
}

/** A stored answer for an invitation (as the form would store it), marking the invitation answered. */
export async function createResponse(
  db: DbOrTx,
  o: { invitation: { id: string; waveId: string; orgId: string; userId: string }; answer: Answer; at?: Date },
) {
  const at = o.at ?? new Date()
  await db.update(crmSurveyInvitations).set({ answeredAt: at }).where(eq(crmSurveyInvitations.id, o.invitation.id))
  await db.insert(crmSurveyResponses).values({
    waveId: o.invitation.waveId,
    invitationId: o.invitation.id,
    orgId: o.invitation.orgId,
    userId: o.invitation.userId,
    expectations: [...o.answer.expectations],
    perceptions: [...o.answer.perceptions],
    importance: [...o.answer.importance],
    submittedAt: at,
  })
}

/**
 * A plausible answer, the same for the same seed: expectations around `expect`, perceptions around each dimension's
 * level, ±1 of noise (clamped to 1–7), and the published average weights shifted by a few points (summing to 100).
 */
export function syntheticAnswer(seed: number, o: { expect: number; perceive: Record<Dimension, number> }): Answer {
  let s = (seed * 2654435761) % 2 ** 32
  const rand = () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32
    return s / 2 ** 32
  }
  const clamp = (v: number) => Math.min(7, Math.max(1, Math.round(v)))
  const noise = () => (rand() < 0.25 ? -1 : rand() > 0.75 ? 1 : 0)
  const expectations = Array.from({ length: ITEM_COUNT }, () => clamp(o.expect + noise()))
  const perceptions = Array.from({ length: ITEM_COUNT }, (_, i) => clamp(o.perceive[dimensionOf(i + 1)] + noise() + (rand() - 0.5)))
  const importance = DEFAULT_IMPORTANCE.map((w) => Math.max(0, w + Math.round((rand() - 0.5) * 8)))
  importance[1] = importance[1]! + 100 - importance.reduce((a, b) => a + b, 0)
  return { expectations, perceptions, importance: DIMENSIONS.map((_, k) => importance[k]!) }
}

/**
 * What the permission matrix and the canary need of this part in the shared world: an open wave with an invitation
 * for each buyer-side person (`invitation:<role>`).
 */
export async function createCrmSurveysWorld(db: DbOrTx, w: CrmWorldInput): Promise<Record<string, string>> {
  const wave = await createSurveyWave(db, { opensOn: '2026-01-01', closesOn: '2099-12-31', minAnswers: 2 })
  const out: Record<string, string> = { waveId: wave.id }
  for (const [role, userId] of Object.entries(w.people)) {
    const orgId = role.startsWith('dealer_') ? w.dealerId : role.startsWith('account_') ? w.keyAccountId : null
    if (!orgId) continue
    const invitation = await createInvitation(db, { waveId: wave.id, orgId, userId })
    out[`invitation:${role}`] = invitation.id
  }
  return out
}
