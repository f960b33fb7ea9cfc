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
  await tx.insert(auditLog).values({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    ip: actor.ip,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    orgId: entry.orgId ?? null,
    details: entry.details ?? {},
  })
}
