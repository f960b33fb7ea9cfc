import type { DbOrTx } from '../../../db/client.server'
import { auditLog } from '../../../db/schema/audit'
import type { AuditAction } from './schemas'

export interface Actor {
  userId: string | null
  email: string | null
  ip: string | null
}

export const systemActor: Actor = { userId: null, email: null, ip: null }

export interface AuditEntry {
  action: AuditAction
  entity: string
  entityId?: string | null
  orgId?: string | null
  details?: Record<string, unknown>
}

/** Writes one entry in the caller's transaction, so the entry exists exactly when the change does. */
export async function writeAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry) {
  await writeAudits(tx, actor, [entry])
}

/** Many entries by one actor in a fixed number of statements (a batch decision writes one per organisation). */
export async function writeAudits(tx: DbOrTx, actor: Actor, entries: readonly AuditEntry[]) {
  for (let i = 0; i < entries.length; i += 1000)
    await tx.insert(auditLog).values(
      entries.slice(i, i + 1000).map((entry) => ({
        actorUserId: actor.userId,
        actorEmail: actor.email,
        ip: actor.ip,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId ?? null,
        orgId: entry.orgId ?? null,
        details: entry.details ?? {},
      })),
    )
}
