import { and, desc, eq, gte, ilike, lt, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import { translate, type Locale, type MessageKey } from '../../i18n'
import { formatSheetDateTime, formatZoneName } from '../../i18n/format'
import { operatorTimeZone } from '../../utils/clock.server'
import { toCsv } from '../../utils/csv'
import { containsPattern } from '../../utils/text'
import { inScope, type AnyScope, type Scope } from '../auth/scope.server'
import { listOrganisationOptions, organisationRef } from '../tenancy/queries.server'
import { db } from '../../../db/client.server'
import { auditLog } from '../../../db/schema/audit'
import { auditActionLabel, describeAuditEntry } from './describe'
import type { AuditAction, AuditQuery } from './schemas'

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

const MAX_EXPORT_ROWS = 10_000

/** The filtered audit log as CSV (newest first, at most 10 000 rows: narrow the dates for more), in operator time. */
export async function auditCsv({ scope, query, locale }: { scope: AnyScope; query: z.infer<typeof AuditQuery>; locale: Locale }) {
  const [{ entries }, organisations] = await Promise.all([
    listAuditEntries({ scope, ...query, before: undefined, limit: MAX_EXPORT_ROWS }),
    listOrganisationOptions({ scope }),
  ])
  const orgNames = Object.fromEntries(organisations.map((o) => [o.id, o.shortName]))
  const tr = (k: MessageKey) => translate(locale, k)
  return toCsv(
    [
      `${tr('audit.at')} (${formatZoneName(locale, operatorTimeZone)})`,
      tr('audit.actor'),
      tr('audit.action'),
      tr('audit.entity'),
      tr('admin.user.organisation'),
      tr('account.sessions.ip'),
      tr('audit.details'),
    ],
    entries.map((e) => [
      formatSheetDateTime(locale, e.at, operatorTimeZone),
      e.actorEmail,
      auditActionLabel(locale, e.action),
      `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`,
      e.orgName,
      e.ip,
      describeAuditEntry(locale, e, { timeZone: operatorTimeZone, orgNames }),
    ]),
    locale,
  )
}
