import { and, count, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { dealerGroupChanges, memberships, organisations } from '../../../db/schema/tenancy'
import type { MessageKey } from '../../i18n'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { publishAuthorityChanged } from '../auth/live.server'
import { announceRevoked, createAccount, deleteSessions, ensureAccount, findAccountId, hashPassword } from '../auth/mutations.server'
import { covers, inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { isRoleOfKind, orgAdminRoles, type Role } from './roles'
import type { OrganisationInput } from './schemas'

export type MutationResult<T = undefined> = { ok: true; value?: T } | { ok: false; field?: string; message: MessageKey; status?: number }

const fail = (message: MessageKey, field?: string, status?: number) => ({ ok: false as const, message, field, status })

function orgValues(input: OrganisationInput) {
  return {
    kind: input.kind,
    legalName: input.legalName,
    shortName: input.shortName,
    country: input.country,
    inn: input.inn ?? null,
    kpp: input.kpp ?? null,
    vatId: input.vatId ?? null,
    verificationStatus: input.verificationStatus,
  }
}

function taxIdConflict(error: unknown) {
  if (isUniqueViolation(error, 'organisations_inn_key')) return fail('errors.innTaken', 'inn')
  if (isUniqueViolation(error, 'organisations_vat_id_key')) return fail('errors.vatIdTaken', 'vatId')
  return null
}

export async function createOrganisation(input: { scope: AnyScope; data: OrganisationInput; actor: Actor }): Promise<MutationResult<string>> {
  try {
    const id = await db.transaction(async (tx) => {
      const [org] = await tx.insert(organisations).values(orgValues(input.data)).returning({ id: organisations.id })
      await writeAudit(tx, input.actor, {
        action: 'organisation.created',
        entity: 'organisation',
        entityId: org.id,
        orgId: org.id,
        details: { ...orgValues(input.data) },
      })
      return org.id
    })
    return { ok: true, value: id }
  } catch (error) {
    const conflict = taxIdConflict(error)
    if (conflict) return conflict
    throw error
  }
}

export async function updateOrganisation(input: { scope: AnyScope; orgId: string; data: OrganisationInput; actor: Actor }): Promise<MutationResult> {
  try {
    let authorityChanged = false
    const result = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(organisations).where(eq(organisations.id, input.orgId)).for('update')
      if (!before) return fail('errors.notFound', undefined, 404)
      // The kind fixes which roles members may hold; changing it under existing members would strand them.
      if (before.kind !== input.data.kind) {
        const [{ n }] = await tx.select({ n: count() }).from(memberships).where(eq(memberships.orgId, input.orgId))
        if (n > 0) return fail('errors.kindLockedByMembers', 'kind')
      }
      const values = orgValues(input.data)
      await tx
        .update(organisations)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(organisations.id, input.orgId))
      const changed = Object.fromEntries(
        Object.entries(values)
          .filter(([k, v]) => before[k as keyof typeof before] !== v)
          .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]),
      )
      await writeAudit(tx, input.actor, {
        action: 'organisation.updated',
        entity: 'organisation',
        entityId: input.orgId,
        orgId: input.orgId,
        details: changed,
      })
      // A verification revoked (or granted) changes what the organisation's people may do in auctions at once.
      authorityChanged = 'verificationStatus' in changed
      return { ok: true as const }
    })
    if (authorityChanged) publishAuthorityChanged({ orgIds: [input.orgId] })
    return result
  } catch (error) {
    const conflict = taxIdConflict(error)
    if (conflict) return conflict
    throw error
  }
}

/** Operator admins deactivate an organisation (nobody acts for it: its members' sessions there and open sockets
 * stop counting at once) or reactivate it. The operator's own organisation cannot be deactivated. */
export async function setOrganisationDisabled(input: { scope: AnyScope; orgId: string; disabled: boolean; actor: Actor }): Promise<MutationResult> {
  const result = await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ kind: organisations.kind, disabledAt: organisations.disabledAt })
      .from(organisations)
      .where(eq(organisations.id, input.orgId))
      .for('update')
    if (!before) return fail('errors.notFound', undefined, 404)
    if (input.disabled && before.kind === 'operator') return fail('errors.cannotDisableOperator')
    if (!!before.disabledAt === input.disabled) return { ok: true as const }
    await tx
      .update(organisations)
      .set({ disabledAt: input.disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(organisations.id, input.orgId))
    await writeAudit(tx, input.actor, {
      action: input.disabled ? 'organisation.disabled' : 'organisation.enabled',
      entity: 'organisation',
      entityId: input.orgId,
      orgId: input.orgId,
    })
    return { ok: true as const }
  })
  if (result.ok && input.disabled) publishAuthorityChanged({ orgIds: [input.orgId] })
  return result
}

async function roleFitsOrg(tx: Tx, orgId: string, role: string) {
  const [org] = await tx.select({ kind: organisations.kind }).from(organisations).where(eq(organisations.id, orgId))
  if (!org) return fail('errors.notFound', undefined, 404)
  if (!isRoleOfKind(role, org.kind)) return fail('errors.roleNotForKind', 'role')
  return null
}

/** Creates a user; with `membership`, also adds them to that organisation, in the same transaction. */
export async function createUser(input: {
  scope: AnyScope
  data: { email: string; displayName: string; password: string; locale: 'ru' | 'en' }
  membership?: { orgId: string; role: string }
  actor: Actor
}): Promise<MutationResult<string>> {
  const passwordHash = await hashPassword(input.data.password)
  try {
    return await db.transaction(async (tx) => {
      if (input.membership) {
        const problem = await roleFitsOrg(tx, input.membership.orgId, input.membership.role)
        if (problem) return problem
      }
      const user = await createAccount(tx, { email: input.data.email, displayName: input.data.displayName, locale: input.data.locale, passwordHash })
      await writeAudit(tx, input.actor, {
        action: 'user.created',
        entity: 'user',
        entityId: user.id,
        orgId: input.membership?.orgId ?? null,
        details: { email: input.data.email },
      })
      if (input.membership) {
        await tx.insert(memberships).values({ userId: user.id, orgId: input.membership.orgId, role: input.membership.role as Role })
        await writeAudit(tx, input.actor, {
          action: 'membership.added',
          entity: 'membership',
          entityId: user.id,
          orgId: input.membership.orgId,
          details: { role: input.membership.role },
        })
      }
      return { ok: true as const, value: user.id }
    })
  } catch (error) {
    if (isUniqueViolation(error)) return fail('errors.emailTaken', 'email')
    throw error
  }
}

/**
 * An organisation admin adds a person by e-mail: always as an invitation they accept on their next sign-in, and
 * with one answer whether or not the address had an account, so the portal's accounts cannot be enumerated
 * through it (ASVS 5.0 V6.3.8). A new address gets an account with the initial password the admin hands over.
 */
export async function inviteMember(input: {
  scope: Scope
  orgId: string
  role: string
  data: { email: string; displayName: string; password: string; locale: 'ru' | 'en' }
  actor: Actor
}): Promise<MutationResult<string>> {
  // Hashed in both cases: argon2 in one branch only would tell them apart by the answer's time.
  const passwordHash = await hashPassword(input.data.password)
  // An organisation's admin invites into its own organisation only.
  if (!covers(input.scope, input.orgId)) return fail('errors.notFound', undefined, 404)
  return db.transaction(async (tx) => {
    const problem = await roleFitsOrg(tx, input.orgId, input.role)
    if (problem) return problem
    const { email, displayName, locale } = input.data
    const user = await ensureAccount(tx, { email, displayName, locale, passwordHash })
    // No organisation on the account's entry: an organisation-side view of the log must not show which invitations made one.
    if (user.created)
      await writeAudit(tx, input.actor, { action: 'user.created', entity: 'user', entityId: user.id, orgId: null, details: { email } })
    const invited = await tx
      .insert(memberships)
      .values({
        userId: user.id,
        orgId: input.orgId,
        role: input.role as Role,
        acceptedAt: null,
        invitedBy: input.actor.userId,
        invitedName: displayName,
      })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId })
    // Already in this organisation (or invited to it): the admin's own list shows that anyway.
    if (!invited.length) return fail('errors.alreadyMember', 'email')
    await writeAudit(tx, input.actor, {
      action: 'membership.invited',
      entity: 'membership',
      entityId: user.id,
      orgId: input.orgId,
      details: { role: input.role, email },
    })
    return { ok: true as const, value: user.id }
  })
}

/** The invited person accepts: from now on the membership counts (permissions, organisation switcher, sockets). */
export async function acceptInvitation(input: { userId: string; orgId: string; actor: Actor }): Promise<MutationResult> {
  return db.transaction(async (tx) => {
    const [accepted] = await tx
      .update(memberships)
      .set({ acceptedAt: new Date() })
      .where(and(eq(memberships.userId, input.userId), eq(memberships.orgId, input.orgId), isNull(memberships.acceptedAt)))
      .returning({ role: memberships.role })
    if (!accepted) return fail('errors.notFound', undefined, 404)
    await writeAudit(tx, input.actor, {
      action: 'membership.accepted',
      entity: 'membership',
      entityId: input.userId,
      orgId: input.orgId,
      details: { role: accepted.role },
    })
    return { ok: true as const }
  })
}

/** The invited person declines: the invitation is gone, as if never made (the audit log keeps both steps). */
export async function declineInvitation(input: { userId: string; orgId: string; actor: Actor }): Promise<MutationResult> {
  return db.transaction(async (tx) => {
    const [declined] = await tx
      .delete(memberships)
      .where(and(eq(memberships.userId, input.userId), eq(memberships.orgId, input.orgId), isNull(memberships.acceptedAt)))
      .returning({ role: memberships.role })
    if (!declined) return fail('errors.notFound', undefined, 404)
    await writeAudit(tx, input.actor, {
      action: 'membership.declined',
      entity: 'membership',
      entityId: input.userId,
      orgId: input.orgId,
      details: { role: declined.role },
    })
    return { ok: true as const }
  })
}

/** Adds an existing user (by e-mail or id) to an organisation. Operator admins only: it crosses organisations. */
export async function addMembership(input: {
  scope: AnyScope
  orgId: string
  user: { email: string } | { id: string }
  role: string
  actor: Actor
}): Promise<MutationResult> {
  return db.transaction(async (tx) => {
    const problem = await roleFitsOrg(tx, input.orgId, input.role)
    if (problem) return problem
    const userId = await findAccountId(tx, input.user)
    if (!userId) return 'email' in input.user ? fail('errors.userNotFound', 'email') : fail('errors.notFound', undefined, 404)
    const inserted = await tx
      .insert(memberships)
      .values({ userId, orgId: input.orgId, role: input.role as Role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId })
    if (!inserted.length) return fail('errors.alreadyMember', 'email' in input.user ? 'email' : 'orgId')
    await writeAudit(tx, input.actor, {
      action: 'membership.added',
      entity: 'membership',
      entityId: userId,
      orgId: input.orgId,
      details: { role: input.role },
    })
    return { ok: true as const }
  })
}

// An organisation must keep an administrator, or nobody on its side can manage its users any more.
async function wouldLoseLastAdmin(tx: Tx, orgId: string, userId: string) {
  const admins = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    // An invited admin who has not accepted cannot manage anyone yet, so does not count.
    .where(and(eq(memberships.orgId, orgId), inArray(memberships.role, [...orgAdminRoles]), isNotNull(memberships.acceptedAt)))
    .for('update')
  return admins.length === 1 && admins[0].userId === userId
}

/** Changes a member's role within `orgId`: with an organisation's scope its own only, any for operator admins. */
export async function changeMemberRole(input: { scope: Scope; orgId: string; userId: string; role: string; actor: Actor }): Promise<MutationResult> {
  if (!covers(input.scope, input.orgId)) return fail('errors.notFound', undefined, 404)
  let changed = false
  const result = await db.transaction(async (tx) => {
    const problem = await roleFitsOrg(tx, input.orgId, input.role)
    if (problem) return problem
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, input.orgId), inScope(input.scope, memberships.orgId), eq(memberships.userId, input.userId)))
      .for('update')
    if (!member) return fail('errors.notFound', undefined, 404)
    if (member.role === input.role) return { ok: true as const }
    if (!orgAdminRoles.includes(input.role as Role) && (await wouldLoseLastAdmin(tx, input.orgId, input.userId)))
      return fail('errors.lastAdmin', 'role')
    await tx
      .update(memberships)
      .set({ role: input.role as Role })
      .where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)))
    await writeAudit(tx, input.actor, {
      action: 'membership.role_changed',
      entity: 'membership',
      entityId: input.userId,
      orgId: input.orgId,
      details: { from: member.role, to: input.role },
    })
    changed = true
    return { ok: true as const }
  })
  // Open sockets carry the old role: they are closed and re-handshake with the new one.
  if (changed) publishAuthorityChanged({ members: [{ userId: input.userId, orgId: input.orgId }] })
  return result
}

/** Removes a member; their web sessions working in that organisation end with it, and their open sockets close. */
export async function removeMember(input: { scope: Scope; orgId: string; userId: string; actor: Actor }): Promise<MutationResult> {
  const result = await db.transaction(async (tx) => {
    const [member] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.orgId, input.orgId), inScope(input.scope, memberships.orgId), eq(memberships.userId, input.userId)))
      .for('update')
    if (!member) return { res: fail('errors.notFound', undefined, 404), revoked: [] as string[] }
    if (await wouldLoseLastAdmin(tx, input.orgId, input.userId)) return { res: fail('errors.lastAdmin'), revoked: [] }
    await tx.delete(memberships).where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)))
    const revoked = await deleteSessions(tx, { userId: input.userId, activeOrgId: input.orgId })
    await writeAudit(tx, input.actor, {
      action: 'membership.removed',
      entity: 'membership',
      entityId: input.userId,
      orgId: input.orgId,
      details: { role: member.role, endedSessions: revoked.length },
    })
    return { res: { ok: true as const }, revoked }
  })
  announceRevoked(result.revoked)
  if (result.res.ok) publishAuthorityChanged({ members: [{ userId: input.userId, orgId: input.orgId }] })
  return result.res
}

/**
 * Puts a dealer in a dealer group from a day on (a tier promotion or demotion, issue 13): the group's price lists
 * apply from that day, not before (pricing reads the group in force). In the caller's transaction.
 */
export async function scheduleDealerGroup(
  tx: Tx,
  input: { orgId: string; dealerGroup: string | null; effectiveFrom: string; source: string },
): Promise<void> {
  await scheduleDealerGroups(tx, [input])
}

/** Many dealers' group changes in two statements per thousand (a tier evaluation promotes many at once). */
export async function scheduleDealerGroups(
  tx: Tx,
  inputs: readonly { orgId: string; dealerGroup: string | null; effectiveFrom: string; source: string }[],
): Promise<void> {
  // The last decision per dealer and day wins, as it would one by one.
  const last = [...new Map(inputs.map((c) => [`${c.orgId} ${c.effectiveFrom}`, c])).values()]
  for (let i = 0; i < last.length; i += 1000) {
    const chunk = last.slice(i, i + 1000)
    // A later decision for the same day replaces the earlier one: one group per dealer and day.
    const keys = JSON.stringify(chunk.map((c) => ({ org_id: c.orgId, effective_from: c.effectiveFrom })))
    await tx.execute(sql`
      delete from dealer_group_changes d using jsonb_to_recordset(${keys}::jsonb) as k(org_id uuid, effective_from date)
      where d.org_id = k.org_id and d.effective_from = k.effective_from`)
    await tx.insert(dealerGroupChanges).values(chunk.map((c) => ({ ...c })))
  }
}

/**
 * A dealer admitted through the partner programme's onboarding (issue 13): the organisation (verified, with its
 * region) and its first admin, in the caller's transaction. An e-mail that already has an account becomes a member
 * (`newAccount: false`, its password untouched); otherwise the account is made with `passwordHash`, which the
 * caller makes unusable until the person sets their own. A taken INN is refused, nothing written.
 */
export async function admitDealer(
  tx: Tx,
  input: {
    org: { legalName: string; shortName: string; inn: string; kpp: string | null; region: string; legalAddress?: string | null }
    admin: { email: string; displayName: string; locale: 'ru' | 'en'; passwordHash: string }
    actor: Actor
  },
): Promise<MutationResult<{ orgId: string; userId: string; newAccount: boolean }>> {
  const [taken] = await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.inn, input.org.inn)).limit(1)
  if (taken) return fail('errors.innTaken', 'inn')
  const values = {
    kind: 'dealer' as const,
    legalName: input.org.legalName,
    shortName: input.org.shortName,
    country: 'RU',
    inn: input.org.inn,
    kpp: input.org.kpp,
    region: input.org.region,
    legalAddress: input.org.legalAddress ?? null,
    verificationStatus: 'verified' as const,
  }
  const [org] = await tx.insert(organisations).values(values).returning({ id: organisations.id })
  await writeAudit(tx, input.actor, { action: 'organisation.created', entity: 'organisation', entityId: org.id, orgId: org.id, details: values })
  const account = await ensureAccount(tx, input.admin)
  if (account.created)
    await writeAudit(tx, input.actor, {
      action: 'user.created',
      entity: 'user',
      entityId: account.id,
      orgId: org.id,
      details: { email: input.admin.email },
    })
  await tx.insert(memberships).values({ userId: account.id, orgId: org.id, role: 'dealer_admin' })
  await writeAudit(tx, input.actor, {
    action: 'membership.added',
    entity: 'membership',
    entityId: account.id,
    orgId: org.id,
    details: { role: 'dealer_admin' },
  })
  return { ok: true, value: { orgId: org.id, userId: account.id, newAccount: account.created } }
}
