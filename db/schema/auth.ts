import { relations } from 'drizzle-orm'
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { memberships, organisations } from './tenancy'

export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  // The login: an e-mail, stored lower-cased and NFKC-normalised (see auth/schemas.ts).
  email: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  locale: text().notNull().default('ru'),
  disabledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

// The Lucia session design (lucia-auth.com/sessions/basic): the cookie holds `<id>.<secret>`;
// only SHA-256(secret) is stored, so a database leak yields no usable session.
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activeOrgId: uuid().references(() => organisations.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastActiveAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

// Failed-login counters, keyed by "user+ip:<login>|<ip>" or "ip:<ip>". Kept in the database so every node
// shares them; consulted before argon2 runs (ASVS V6.3.1).
export const loginThrottle = pgTable('login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  blockedUntil: timestamp({ withTimezone: true }),
})

// Devices a user has signed in from (OWASP "device cookies"): the cookie holds `<id>.<secret>`, only the
// secret's hash is stored. Sign-ins from a known device are hashed first and skip the per-IP block, so a
// password-guessing flood can neither lock the user out nor queue them behind the guesses.
export const trustedDevices = pgTable(
  'trusted_devices',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('trusted_devices_user_idx').on(t.userId)],
)

export const usersRelations = relations(users, ({ many }) => ({
  memberships: many(memberships),
  sessions: many(sessions),
}))
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}))

/**
 * API keys of key-account organisations (DESIGN.md §6): the token `pk_<id>_<secret>` is shown once; only
 * SHA-256(secret) is stored (a random 256-bit secret needs no slow hash, as with sessions). Accepted only as
 * `Authorization: Bearer` on `/api/v1`, never for pages or sockets. A key carries its own scopes, not its creator's
 * role: a leaked key can do only what it was made for.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text().primaryKey(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    secretHash: text().notNull(),
    /** What the key may do: orders:write, orders:read, documents:read, catalog:read, inventory:read. */
    scopes: text().array().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    lastUsedAt: timestamp({ withTimezone: true }),
    lastUsedIp: text(),
  },
  (t) => [index('api_keys_org_idx').on(t.orgId)],
)

// One-time links that let a person set their password (a new partner's first admin, issue 13): the link carries
// `<id>.<secret>`, only SHA-256(secret) is stored, it expires and works once.
export const passwordSetupTokens = pgTable(
  'password_setup_tokens',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('password_setup_tokens_user_idx').on(t.userId)],
)
