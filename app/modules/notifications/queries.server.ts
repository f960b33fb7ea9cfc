import { and, count, desc, eq, ilike, isNull, or, sql } from 'drizzle-orm'
import { db } from '../../../db/client.server'
import { mailOutbox, notifications } from '../../../db/schema/notifications'
import type { Locale } from '../../i18n'
import type { AnyScope } from '../auth/scope.server'
import { renderNotice } from './render'

// Reads of the notification module. The inbox is the person's own (the user id is in every WHERE clause); the
// outbox is the operator's, read with the scope of `read:mail:any`.

export async function countUnreadNotices({ userId }: { userId: string }) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return row?.n ?? 0
}

export const INBOX_PAGE = 25

/** The person's messages, newest first, rendered in their language. */
export async function listNotices({ userId, locale, unreadOnly, page }: { userId: string; locale: Locale; unreadOnly: boolean; page: number }) {
  const where = and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        params: notifications.params,
        link: notifications.link,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(INBOX_PAGE)
      .offset((page - 1) * INBOX_PAGE),
    db.select({ total: count() }).from(notifications).where(where),
  ])
  return {
    total,
    notices: rows.map((r) => ({
      id: r.id,
      ...renderNotice(locale, r.kind, r.params),
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      read: !!r.readAt,
    })),
  }
}

export const OUTBOX_PAGE = 25

/** The outgoing mail, newest first, for operator staff (`read:mail:any`). */
export async function listOutbox({ scope, q, page }: { scope: AnyScope; q?: string; page: number }) {
  void scope
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const where = like ? or(ilike(mailOutbox.toAddress, like), ilike(mailOutbox.subject, like)) : undefined
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: mailOutbox.id,
        toAddress: mailOutbox.toAddress,
        toName: mailOutbox.toName,
        subject: mailOutbox.subject,
        textBody: mailOutbox.textBody,
        status: mailOutbox.status,
        attempts: mailOutbox.attempts,
        lastError: mailOutbox.lastError,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
      })
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(OUTBOX_PAGE)
      .offset((page - 1) * OUTBOX_PAGE),
    db.select({ total: count() }).from(mailOutbox).where(where),
  ])
  return { total, mails: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })) }
}

/** The newest mail to an address (tests and the e2e journey read one-time links the way a person would). */
export async function latestMailTo({ scope, address }: { scope: AnyScope; address: string }) {
  void scope
  const [row] = await db
    .select({ subject: mailOutbox.subject, textBody: mailOutbox.textBody, createdAt: mailOutbox.createdAt })
    .from(mailOutbox)
    .where(eq(sql`lower(${mailOutbox.toAddress})`, address.toLowerCase()))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1)
  return row ?? null
}
