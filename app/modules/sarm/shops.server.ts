import { createHash, randomInt } from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { isUniqueViolation } from '../../../db/drivers.server'
import { users } from '../../../db/schema/auth'
import { sarmRegistrationCodes, shops } from '../../../db/schema/sarm'
import { memberships } from '../../../db/schema/tenancy'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { inScope, type OrgScope, type Scope } from '../auth/scope.server'
import { normaliseCode, type ShopInput } from './sale-schemas'

// A dealer's shops and its registration code (issue 14). The code is a secret handed to assistants: only its hash
// is stored (as for every secret here), so it is shown once when issued and a new one replaces the old.

/** Roles whose people may manage a shop (confirm its reports). */
const MANAGER_ROLES = ['shop_manager', 'dealer_admin'] as const

export type ShopResult = { ok: true; id: string } | { ok: false; status: 400 | 404; fieldErrors?: Record<string, string[]>; formErrors?: string[] }

export async function listShops({ scope }: { scope: Scope }) {
  return db
    .select({
      id: shops.id,
      code: shops.code,
      name: shops.name,
      address: shops.address,
      region: shops.region,
      managerUserId: shops.managerUserId,
      manager: users.displayName,
      // Qualified by hand: an unqualified "id" inside the subquery would name its own table.
      assistants: sql<number>`(select count(*)::int from shop_assistants sa where sa.shop_id = "shops"."id" and sa.status = 'active' and sa.ends_on is null)`,
      pendingAssistants: sql<number>`(select count(*)::int from shop_assistants sa where sa.shop_id = "shops"."id" and sa.status = 'pending')`,
      pendingReports: sql<number>`(select count(*)::int from sale_reports sr where sr.shop_id = "shops"."id" and sr.status = 'pending')`,
    })
    .from(shops)
    .leftJoin(users, eq(users.id, shops.managerUserId))
    .where(inScope(scope, shops.orgId))
    .orderBy(asc(shops.code))
}

export async function getShop({ scope, shopId }: { scope: Scope; shopId: string }) {
  const [shop] = await db
    .select({
      id: shops.id,
      orgId: shops.orgId,
      code: shops.code,
      name: shops.name,
      address: shops.address,
      region: shops.region,
      managerUserId: shops.managerUserId,
    })
    .from(shops)
    .where(and(eq(shops.id, shopId), inScope(scope, shops.orgId)))
  return shop ?? null
}

/** The dealer's people who may manage a shop: its shop managers and admins. */
export async function listManagerOptions({ scope }: { scope: OrgScope }) {
  return db
    .select({ userId: users.id, name: users.displayName, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, scope.orgId), inArray(memberships.role, [...MANAGER_ROLES]), sql`${memberships.acceptedAt} is not null`))
    .orderBy(asc(users.displayName))
}

/** Creates or edits a shop; a code the dealer already uses, or a manager who is not one of its managers, is refused. */
export async function saveShop({ scope, actor, input }: { scope: OrgScope; actor: Actor; input: ShopInput }): Promise<ShopResult> {
  try {
    return await db.transaction(async (tx): Promise<ShopResult> => {
      if (input.managerUserId) {
        const [m] = await tx
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, input.managerUserId), inArray(memberships.role, [...MANAGER_ROLES])))
        if (!m) return { ok: false, status: 400, fieldErrors: { managerUserId: ['sarm.shops.error.manager'] } }
      }
      const values = { code: input.code, name: input.name, address: input.address, region: input.region, managerUserId: input.managerUserId ?? null }
      let id = input.shopId
      if (id) {
        const updated = await tx
          .update(shops)
          .set(values)
          .where(and(eq(shops.id, id), eq(shops.orgId, scope.orgId)))
          .returning({ id: shops.id })
        if (!updated.length) return { ok: false, status: 404, formErrors: ['sarm.shops.error.notFound'] }
      } else
        [{ id }] = await tx
          .insert(shops)
          .values({ orgId: scope.orgId, ...values })
          .returning({ id: shops.id })
      await writeAudit(tx, actor, { action: 'shop.saved', entity: 'shop', entityId: id, orgId: scope.orgId, details: values })
      return { ok: true, id: id! }
    })
  } catch (error) {
    if (isUniqueViolation(error, 'shops_code_key')) return { ok: false, status: 400, fieldErrors: { code: ['sarm.shops.error.codeTaken'] } }
    throw error
  }
}

// Letters and digits a person reads off a sheet without confusing them (no 0/O, 1/I/L).
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex')

/** A new registration code for the dealer (the old one stops working); returned once, stored as its hash. */
export async function issueRegistrationCode({ scope, actor }: { scope: OrgScope; actor: Actor }) {
  const raw = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
  await db.transaction(async (tx) => {
    await tx
      .insert(sarmRegistrationCodes)
      .values({ orgId: scope.orgId, codeHash: hashCode(code) })
      .onConflictDoUpdate({ target: sarmRegistrationCodes.orgId, set: { codeHash: hashCode(code), createdAt: sql`now()` } })
    await writeAudit(tx, actor, { action: 'registration_code.issued', entity: 'organisation', entityId: scope.orgId, orgId: scope.orgId })
  })
  return code
}

/** When the dealer's current code was issued (the code itself is not kept). */
export async function registrationCodeIssuedAt({ scope }: { scope: OrgScope }) {
  const [row] = await db
    .select({ createdAt: sarmRegistrationCodes.createdAt })
    .from(sarmRegistrationCodes)
    .where(eq(sarmRegistrationCodes.orgId, scope.orgId))
  return row?.createdAt ?? null
}
