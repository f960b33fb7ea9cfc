import { sha256 } from '@oslojs/crypto/sha2'
import { constantTimeEqual } from '@oslojs/crypto/subtle'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { apiKeys, users } from '../../../db/schema/auth'
import { organisationRef } from '../tenancy/queries.server'
import { writeAudit, type Actor } from '../audit/mutations.server'
import { env } from '../../env.server'
import type { OrgScope } from './scope.server'
import type { ApiKeyScope, CreateApiKeyInput } from './schemas'

// API keys of key accounts (DESIGN.md §6). The token is `pk_<id>_<secret>` (the id finds the row, 80 bits; the
// secret proves it, 160 bits); only SHA-256(secret) is stored, as with sessions: a random secret needs no slow hash.
// Shown once at creation. Checked on every call: a revoked or expired key, a deactivated organisation, a key outside
// a key account are refused at once (no cache to wait for).

const TOKEN = /^pk_([a-z2-7]{16})_([a-z2-7]{32})$/

function random(bytes: number) {
  const b = new Uint8Array(bytes)
  crypto.getRandomValues(b)
  return encodeBase32LowerCaseNoPadding(b)
}
const hashSecret = (secret: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(secret)))

export async function createApiKey({ scope, actor, input }: { scope: OrgScope; actor: Actor & { userId: string }; input: CreateApiKeyInput }) {
  const id = random(10)
  const secret = random(20)
  // The last valid day is inclusive for people: the key works until the end of that day (UTC+3 would be a day off
  // at worst in the key's favour; the page says "until the end of").
  const expiresAt = input.expiresOn ? new Date(`${input.expiresOn}T23:59:59.999Z`) : null
  await db.transaction(async (tx) => {
    await tx.insert(apiKeys).values({
      id,
      orgId: scope.orgId,
      name: input.name,
      secretHash: hashSecret(secret),
      scopes: [...new Set(input.scopes)],
      createdBy: actor.userId,
      expiresAt,
    })
    await writeAudit(tx, actor, {
      action: 'api_key.created',
      entity: 'api_key',
      entityId: id,
      orgId: scope.orgId,
      details: { name: input.name, scopes: input.scopes.join(', ') },
    })
  })
  return { id, token: `pk_${id}_${secret}` }
}

export async function listApiKeys({ scope }: { scope: OrgScope }) {
  const creator = users
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      createdBy: creator.displayName,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      lastUsedIp: apiKeys.lastUsedIp,
    })
    .from(apiKeys)
    .innerJoin(creator, eq(creator.id, apiKeys.createdBy))
    .where(eq(apiKeys.orgId, scope.orgId))
    .orderBy(desc(apiKeys.createdAt))
}

export async function revokeApiKey({ scope, actor, keyId }: { scope: OrgScope; actor: Actor & { userId: string }; keyId: string }) {
  return db.transaction(async (tx) => {
    const [key] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date(), revokedBy: actor.userId })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.orgId, scope.orgId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name })
    if (!key) return false
    await writeAudit(tx, actor, { action: 'api_key.revoked', entity: 'api_key', entityId: key.id, orgId: scope.orgId, details: { name: key.name } })
    return true
  })
}

export type ApiKeyRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'not_key_account'

export interface ApiKeyIdentity {
  id: string
  name: string
  orgId: string
  scopes: ApiKeyScope[]
  /** The person who issued it: the orders it places are theirs (orders.placed_by), and the audit names them. */
  createdBy: string
  createdByEmail: string
}

/** The key a bearer token names, if it is valid now. Touches `last_used_at` at most once a minute per key. */
export async function authenticateApiKey(
  token: string,
  ip: string | null,
): Promise<{ ok: true; key: ApiKeyIdentity } | { ok: false; reason: ApiKeyRefusal }> {
  const m = TOKEN.exec(token)
  if (!m) return { ok: false, reason: 'malformed' }
  const org = organisationRef()
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      orgId: apiKeys.orgId,
      scopes: apiKeys.scopes,
      secretHash: apiKeys.secretHash,
      createdBy: apiKeys.createdBy,
      createdByEmail: users.email,
      creatorDisabled: users.disabledAt,
      revokedAt: apiKeys.revokedAt,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
      orgKind: org.kind,
      orgDisabled: org.disabledAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdBy))
    .innerJoin(org, eq(org.id, apiKeys.orgId))
    .where(eq(apiKeys.id, m[1]))
  const encoder = new TextEncoder()
  if (!row || !constantTimeEqual(encoder.encode(hashSecret(m[2])), encoder.encode(row.secretHash))) return { ok: false, reason: 'unknown' }
  if (row.revokedAt) return { ok: false, reason: 'revoked' }
  const now = new Date()
  if (row.expiresAt && row.expiresAt <= now) return { ok: false, reason: 'expired' }
  if (row.orgKind !== 'key_account' || row.orgDisabled || row.creatorDisabled) return { ok: false, reason: 'not_key_account' }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now, lastUsedIp: ip })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - 60_000)))))
  }
  return {
    ok: true,
    key: {
      id: row.id,
      name: row.name,
      orgId: row.orgId,
      scopes: row.scopes as ApiKeyScope[],
      createdBy: row.createdBy,
      createdByEmail: row.createdByEmail,
    },
  }
}

// Per-key token bucket, in this process (a second instance has its own: the limit is per instance, said in the
// README). Refills continuously; a burst of `burst` calls passes, then `rate` per second.
const buckets = new Map<string, { tokens: number; at: number }>()

/** Seconds to wait before the next call, or 0 when this call may go now. */
export function takeApiToken(keyId: string, now = Date.now()): number {
  const rate = env.API_KEY_RATE_PER_SECOND
  const burst = env.API_KEY_BURST
  const b = buckets.get(keyId) ?? { tokens: burst, at: now }
  b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate)
  b.at = now
  buckets.set(keyId, b)
  if (b.tokens >= 1) {
    b.tokens -= 1
    return 0
  }
  return Math.max(1, Math.ceil((1 - b.tokens) / rate))
}

/** Every API call, in the audit log: who (the key and its issuer), what, and how it ended. */
export async function recordApiCall(input: { key: ApiKeyIdentity; ip: string | null; method: string; path: string; status: number }) {
  await writeAudit(
    db,
    { userId: input.key.createdBy, email: input.key.createdByEmail, ip: input.ip },
    {
      action: 'api.call',
      entity: 'api_key',
      entityId: input.key.id,
      orgId: input.key.orgId,
      details: { method: input.method, path: input.path.slice(0, 200), status: input.status, keyName: input.key.name },
    },
  )
}
