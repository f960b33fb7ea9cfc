import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

// Append-only: a trigger in migration 0001 refuses UPDATE and DELETE. No foreign keys on purpose,
// so an entry outlives the user or organisation it names (ASVS V16.4.2: logs cannot be modified).
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    actorEmail: text(),
    orgId: uuid(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    ip: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_org_idx').on(t.orgId, t.at), index('audit_log_action_idx').on(t.action, t.at)],
)
