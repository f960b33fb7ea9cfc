import { and, asc, eq, isNull } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { sarmRegistrationCodes, shopAssistants, shops } from '../../../db/schema/sarm'
import { memberships } from '../../../db/schema/tenancy'
import type { Locale } from '../../i18n'
import { writeAudit, systemActor } from '../audit/mutations.server'
import { createAccount, hashPassword } from '../auth/mutations.server'
import { loginBlockedFor, recordLoginFailure } from '../auth/rate-limit.server'
import { notify } from '../notifications/mutations.server'
import { businessClock } from '../../utils/clock.server'
import { recordConsent } from './consents.server'
import type { JoinInput } from './sale-schemas'
import { hashCode } from './shops.server'

// Self-registration of shop assistants (issue 14): with the dealer's code a person picks a shop, gives name, e-mail,
// phone, a password and consent to processing, and waits on the roster as `pending` until the dealer confirms. The
// visitor is anonymous, so wrong codes are throttled as failed logins are (per IP), and a wrong code says only that
// it is wrong: nothing tells which dealers exist.

/** The key the throttle counts wrong codes under, beside the IP (one bucket for every code tried from it). */
const THROTTLE_LOGIN = 'sarm-join'

export type JoinResult =
  | { ok: true; orgId?: string; shops?: { id: string; name: string; address: string }[] }
  | { ok: false; status: 400 | 429; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

async function dealerOfCode(code: string) {
  const [row] = await db
    .select({ orgId: sarmRegistrationCodes.orgId })
    .from(sarmRegistrationCodes)
    .where(eq(sarmRegistrationCodes.codeHash, hashCode(code)))
  return row?.orgId ?? null
}

/** Step one: the code, checked (and throttled); the dealer's open shops to choose from. */
export async function checkJoinCode({ code, ip }: { code: string; ip: string }): Promise<JoinResult> {
  const now = new Date()
  const wait = await loginBlockedFor({ login: THROTTLE_LOGIN, ip, now })
  if (wait) return { ok: false, status: 429, formErrors: [`sarm.join.error.throttled|${Math.ceil(wait / 60)}`] }
  const orgId = await dealerOfCode(code)
  if (!orgId) {
    await recordLoginFailure(db, { login: THROTTLE_LOGIN, ip, now })
    return { ok: false, status: 400, fieldErrors: { code: ['sarm.join.error.unknownCode'] } }
  }
  const list = await db
    .select({ id: shops.id, name: shops.name, address: shops.address })
    .from(shops)
    .where(and(eq(shops.orgId, orgId), isNull(shops.closedOn)))
    .orderBy(asc(shops.name))
  return { ok: true, orgId, shops: list }
}

/** Step two: the person, a pending roster row at the chosen shop, the consent as shown; the dealer is told. */
export async function registerAssistant({ input, ip, locale }: { input: JoinInput; ip: string; locale: Locale }): Promise<JoinResult> {
  const checked = await checkJoinCode({ code: input.code, ip })
  if (!checked.ok) return checked
  const shop = checked.shops?.find((s) => s.id === input.shopId)
  if (!shop || !checked.orgId) return { ok: false, status: 400, fieldErrors: { shopId: ['sarm.join.error.shop'] } }
  const orgId = checked.orgId
  const passwordHash = await hashPassword(input.password)
  try {
    return await db.transaction(async (tx): Promise<JoinResult> => {
      const { today } = await businessClock(tx)
      const user = await createAccount(tx, { email: input.email, displayName: input.displayName, locale, passwordHash })
      const actor = { ...systemActor, userId: user.id, email: input.email, ip }
      await tx.insert(memberships).values({ userId: user.id, orgId, role: 'shop_assistant' })
      const [row] = await tx
        .insert(shopAssistants)
        .values({ orgId, shopId: shop.id, userId: user.id, status: 'pending', startsOn: today, phone: input.phone })
        .returning({ id: shopAssistants.id })
      await recordConsent(tx, actor, { orgId, userId: user.id, purpose: 'processing', locale, ip })
      await writeAudit(tx, actor, {
        action: 'assistant.registered',
        entity: 'shop_assistant',
        entityId: row.id,
        orgId,
        details: { shopId: shop.id, email: input.email },
      })
      const [manager] = await tx.select({ managerUserId: shops.managerUserId }).from(shops).where(eq(shops.id, shop.id))
      await notify(tx, {
        to: manager?.managerUserId ? { userIds: [manager.managerUserId] } : { orgId, roles: ['dealer_admin'] },
        kind: 'sarm.registrationWaiting',
        params: { name: input.displayName, shop: shop.name },
        link: `/shops/${shop.id}`,
        orgId,
      })
      return { ok: true, orgId }
    })
  } catch (error) {
    // The address has an account: the person signs in instead (the dealer adds them to the roster).
    if (isUniqueViolation(error)) return { ok: false, status: 400, fieldErrors: { email: ['sarm.join.error.emailTaken'] } }
    throw error
  }
}
