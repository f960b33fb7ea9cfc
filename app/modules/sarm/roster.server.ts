import { randomBytes } from 'node:crypto'
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { users } from '../../../db/schema/auth'
import { shopAssistants, shops } from '../../../db/schema/sarm'
import { memberships, organisations } from '../../../db/schema/tenancy'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { ensureAccount, hashPassword, issuePasswordSetup } from '../auth/mutations.server'
import { inScope, type OrgScope, type Scope } from '../auth/scope.server'
import { absoluteUrl, notify, queueMail } from '../notifications/mutations.server'
import { businessClock } from '../../utils/clock.server'
import type { AddAssistantInput } from './sale-schemas'

// A shop's roster (issue 14): who sells there from when to when. The dealer's admin adds an assistant (a person
// with the role shop_assistant, who sets a password through a one-time link, as PRM activation does), ends one's
// time at the shop, and confirms or rejects a self-registration. Ended rows stay: R3 measures vanished sellers
// against them.

export type RosterResult = { ok: true; id: string } | { ok: false; status: 400 | 404; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

export async function listRoster({ scope, shopId }: { scope: Scope; shopId: string }) {
  return db
    .select({
      id: shopAssistants.id,
      userId: shopAssistants.userId,
      name: users.displayName,
      email: users.email,
      phone: shopAssistants.phone,
      posCode: shopAssistants.posCode,
      status: shopAssistants.status,
      startsOn: shopAssistants.startsOn,
      endsOn: shopAssistants.endsOn,
    })
    .from(shopAssistants)
    .innerJoin(users, eq(users.id, shopAssistants.userId))
    .where(and(eq(shopAssistants.shopId, shopId), inScope(scope, shopAssistants.orgId)))
    .orderBy(desc(sql`${shopAssistants.status} = 'pending'`), asc(users.displayName), desc(shopAssistants.startsOn))
}

async function shopOf(tx: Tx, scope: OrgScope, shopId: string) {
  const [shop] = await tx
    .select({ id: shops.id, name: shops.name, orgName: organisations.shortName })
    .from(shops)
    .innerJoin(organisations, eq(organisations.id, shops.orgId))
    .where(and(eq(shops.id, shopId), eq(shops.orgId, scope.orgId)))
  return shop ?? null
}

/**
 * Adds an assistant to a shop. A new e-mail becomes an account with a password nobody knows and a set-up link by
 * mail; a person already in the dealer as an assistant is put on this shop's roster too. A person of the dealer in
 * another role, or of another organisation, is refused: a login belongs to one role in a dealer.
 */
export async function addAssistant({
  scope,
  actor,
  shopId,
  input,
}: {
  scope: OrgScope
  actor: Actor
  shopId: string
  input: AddAssistantInput
}): Promise<RosterResult> {
  const unusable = await hashPassword(randomBytes(32).toString('base64url'))
  try {
    return await db.transaction(async (tx): Promise<RosterResult> => {
      const shop = await shopOf(tx, scope, shopId)
      if (!shop) return { ok: false, status: 404, formErrors: ['sarm.shops.error.notFound'] }
      const account = await ensureAccount(tx, { email: input.email, displayName: input.displayName, locale: 'ru', passwordHash: unusable })
      const roles = await tx.select({ orgId: memberships.orgId, role: memberships.role }).from(memberships).where(eq(memberships.userId, account.id))
      if (roles.some((m) => m.orgId !== scope.orgId || m.role !== 'shop_assistant'))
        return { ok: false, status: 400, fieldErrors: { email: ['sarm.roster.error.otherRole'] } }
      if (!roles.length) await tx.insert(memberships).values({ userId: account.id, orgId: scope.orgId, role: 'shop_assistant' })
      const [row] = await tx
        .insert(shopAssistants)
        .values({
          orgId: scope.orgId,
          shopId,
          userId: account.id,
          status: 'active',
          startsOn: input.startsOn,
          posCode: input.posCode,
          phone: input.phone,
          confirmedBy: actor.userId,
          confirmedAt: sql`now()`,
        })
        .returning({ id: shopAssistants.id })
      await writeAudit(tx, actor, {
        action: 'roster.changed',
        entity: 'shop_assistant',
        entityId: row.id,
        orgId: scope.orgId,
        details: { change: 'added', shopId, userId: account.id, startsOn: input.startsOn, posCode: input.posCode },
      })
      if (account.created) {
        const setup = await issuePasswordSetup(tx, { userId: account.id, actor, orgId: scope.orgId })
        await queueMail(tx, {
          to: input.email,
          name: input.displayName,
          locale: 'ru',
          kind: 'password.setup',
          params: { name: input.displayName, org: shop.orgName, expiresOn: setup.expiresOn, link: absoluteUrl(setup.path) },
          link: setup.path,
          userId: account.id,
        })
      }
      return { ok: true, id: row.id }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'shop_assistants_pos_code_key'))
      return { ok: false, status: 400, fieldErrors: { posCode: ['sarm.roster.error.posCodeTaken'] } }
    throw error
  }
}

async function lockRow(tx: Tx, scope: OrgScope, rosterId: string) {
  const [row] = await tx
    .select({
      id: shopAssistants.id,
      userId: shopAssistants.userId,
      shopId: shopAssistants.shopId,
      status: shopAssistants.status,
      startsOn: shopAssistants.startsOn,
      endsOn: shopAssistants.endsOn,
    })
    .from(shopAssistants)
    .where(and(eq(shopAssistants.id, rosterId), eq(shopAssistants.orgId, scope.orgId)))
    .for('update')
  return row ?? null
}

/** Ends an assistant's time at the shop on a day not before its start (sales after it are refused). */
export async function endAssistant({
  scope,
  actor,
  rosterId,
  endsOn,
}: {
  scope: OrgScope
  actor: Actor
  rosterId: string
  endsOn: string
}): Promise<RosterResult> {
  return db.transaction(async (tx): Promise<RosterResult> => {
    const row = await lockRow(tx, scope, rosterId)
    if (!row) return { ok: false, status: 404, formErrors: ['sarm.roster.error.notFound'] }
    if (row.status !== 'active' || row.endsOn) return { ok: false, status: 400, formErrors: ['sarm.roster.error.notActive'] }
    if (endsOn < row.startsOn) return { ok: false, status: 400, fieldErrors: { endsOn: [`sarm.roster.error.endBeforeStart|day:${row.startsOn}`] } }
    await tx.update(shopAssistants).set({ endsOn }).where(eq(shopAssistants.id, row.id))
    await writeAudit(tx, actor, {
      action: 'roster.changed',
      entity: 'shop_assistant',
      entityId: row.id,
      orgId: scope.orgId,
      details: { change: 'ended', endsOn },
    })
    return { ok: true, id: row.id }
  })
}

/** Confirms or rejects a self-registration waiting on the roster; the person is told in the inbox. */
export async function decideRegistration({
  scope,
  actor,
  rosterId,
  confirm,
}: {
  scope: OrgScope
  actor: Actor
  rosterId: string
  confirm: boolean
}): Promise<RosterResult> {
  return db.transaction(async (tx): Promise<RosterResult> => {
    const row = await lockRow(tx, scope, rosterId)
    if (!row) return { ok: false, status: 404, formErrors: ['sarm.roster.error.notFound'] }
    if (row.status !== 'pending') return { ok: false, status: 400, formErrors: ['sarm.roster.error.notPending'] }
    const { today } = await businessClock(tx)
    // A registration confirmed later than it was made starts no earlier than the day it was made.
    await tx
      .update(shopAssistants)
      .set({
        status: confirm ? 'active' : 'rejected',
        confirmedBy: actor.userId,
        confirmedAt: sql`now()`,
        ...(confirm ? {} : { endsOn: row.startsOn > today ? row.startsOn : today }),
      })
      .where(eq(shopAssistants.id, row.id))
    await writeAudit(tx, actor, {
      action: 'assistant.decided',
      entity: 'shop_assistant',
      entityId: row.id,
      orgId: scope.orgId,
      details: { confirmed: confirm },
    })
    await notify(tx, {
      to: { userIds: [row.userId] },
      kind: 'sarm.registrationDecided',
      params: { decisionKey: confirm ? 'sarm.join.confirmed' : 'sarm.join.rejected' },
      link: '/assistant/sales',
      orgId: scope.orgId,
    })
    return { ok: true, id: row.id }
  })
}

/**
 * Ends the person's open roster rows today, in the caller's transaction: called when the consent to processing is
 * withdrawn (consents.server.ts), so no new sale of theirs can be reported or imported. Returns the rows ended.
 */
export async function endRosterOnWithdrawal(tx: Tx, actor: Actor, p: { orgId: string; userId: string }) {
  const { today } = await businessClock(tx)
  const ended = await tx
    .update(shopAssistants)
    .set({ endsOn: sql`greatest(${shopAssistants.startsOn}, ${today}::date)` })
    .where(
      and(
        eq(shopAssistants.orgId, p.orgId),
        eq(shopAssistants.userId, p.userId),
        or(isNull(shopAssistants.endsOn), sql`${shopAssistants.endsOn} > ${today}::date`),
        inArray(shopAssistants.status, ['active', 'pending']),
      ),
    )
    .returning({ id: shopAssistants.id })
  if (ended.length)
    await writeAudit(tx, actor, {
      action: 'roster.changed',
      entity: 'shop_assistant',
      entityId: ended[0].id,
      orgId: p.orgId,
      details: { change: 'ended_on_withdrawal', rows: ended.map((r) => r.id), endsOn: today },
    })
  return ended.length
}
