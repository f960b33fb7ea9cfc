import { and, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm'
import { containsPattern } from '../../utils/text'
import { inScope, type Scope } from '../auth/scope.server'
import { organisationRef } from '../tenancy/queries.server'
import { db } from '../../../db/client.server'
import { auditLog } from '../../../db/schema/audit'
import type { AuditAction } from './schemas'

export interface AuditFilter {
  action?: AuditAction
  actor?: string
  orgId?: string
  from?: Date
  to?: Date
  /** Keyset paging: entries older than this id. */
  before?: number
  limit?: number
}

/**
 * Audit search, newest first, paged by id: operator-wide with "read:audit:any"; with an organisation's scope only
 * the entries about that organisation (the filter is in the query, whatever `orgId` asks for).
 */
export async function listAuditEntries({ scope, ...filter }: AuditFilter & { scope: Scope }) {
  const where: (SQL | undefined)[] = [inScope(scope, auditLog.orgId)]
  if (filter.action) where.push(eq(auditLog.action, filter.action))
  if (filter.actor) where.push(ilike(auditLog.actorEmail, containsPattern(filter.actor)))
  if (filter.orgId) where.push(eq(auditLog.orgId, filter.orgId))
  if (filter.from) where.push(gte(auditLog.at, filter.from))
  if (filter.to) where.push(lt(auditLog.at, filter.to))
  if (filter.before) where.push(lt(auditLog.id, filter.before))
  const limit = filter.limit ?? 50
  const org = organisationRef()
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      orgId: auditLog.orgId,
      orgName: org.shortName,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(org, eq(org.id, auditLog.orgId))
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1)
  return { entries: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1].id : null }
}
