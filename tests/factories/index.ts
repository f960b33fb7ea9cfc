import { eq } from 'drizzle-orm'
import type { DbOrTx } from '../../db/client.server'
import { memberships, organisations, users } from '../../db/schema'
import { hashPassword } from '../../app/modules/auth/password.server'
import { withInnCheckDigits } from '../../app/modules/tenancy/tax-ids'
import type { OrganisationKind, Role, VerificationStatus } from '../../app/modules/tenancy/roles'

// The factories the demo seed and the tests share (STYLE.md). Each returns what it made.

let sequence = 0
const next = () => ++sequence

/** A valid 10-digit INN, different on every call within a process (and across seeds given `base`). */
export function makeInn(base?: number) {
  const n = base ?? 770_000_000 + ((Date.now() % 100_000) * 1000 + next()) % 99_999_999
  return withInnCheckDigits(String(n).padStart(9, '0').slice(0, 9))
}

export interface OrganisationOverrides {
  kind?: OrganisationKind
  legalName?: string
  shortName?: string
  country?: string
  inn?: string | null
  kpp?: string | null
  vatId?: string | null
  verificationStatus?: VerificationStatus
}

export async function createOrganisation(db: DbOrTx, o: OrganisationOverrides = {}) {
  const n = next()
  const shortName = o.shortName ?? `Organisation ${n}`
  const country = o.country ?? 'RU'
  const [org] = await db
    .insert(organisations)
    .values({
      kind: o.kind ?? 'dealer',
      shortName,
      legalName: o.legalName ?? `ООО «${shortName}»`,
      country,
      inn: o.inn !== undefined ? o.inn : country === 'RU' ? makeInn() : null,
      kpp: o.kpp !== undefined ? o.kpp : country === 'RU' ? '770101001' : null,
      vatId: o.vatId ?? null,
      verificationStatus: o.verificationStatus ?? 'verified',
    })
    .returning()
  return org
}

// Hashing costs ~17 ms; tests create many users with the same password, so hash each password once.
const hashes = new Map<string, Promise<string>>()
function cachedHash(password: string) {
  let h = hashes.get(password)
  if (!h) {
    h = hashPassword(password)
    hashes.set(password, h)
  }
  return h
}

export const defaultTestPassword = 'correct horse battery staple'

export async function createUser(
  db: DbOrTx,
  o: { email?: string; displayName?: string; password?: string; locale?: 'ru' | 'en'; disabled?: boolean } = {},
) {
  const n = next()
  const password = o.password ?? defaultTestPassword
  const [user] = await db
    .insert(users)
    .values({
      email: (o.email ?? `user${n}.${Date.now().toString(36)}@example.test`).toLowerCase(),
      displayName: o.displayName ?? `User ${n}`,
      locale: o.locale ?? 'ru',
      passwordHash: await cachedHash(password),
      disabledAt: o.disabled ? new Date() : null,
    })
    .returning()
  return { ...user, password }
}

export async function addMembership(db: DbOrTx, input: { userId: string; orgId: string; role: Role }) {
  await db.insert(memberships).values(input)
}

/** A user who is a member of `org` with `role`, in one call. */
export async function createMember(db: DbOrTx, org: { id: string }, role: Role, o: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(db, o)
  await addMembership(db, { userId: user.id, orgId: org.id, role })
  return user
}

export async function countUsers(db: DbOrTx, email: string) {
  return (await db.select({ id: users.id }).from(users).where(eq(users.email, email))).length
}
