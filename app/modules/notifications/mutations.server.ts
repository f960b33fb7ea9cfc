import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { db, type DbOrTx } from '../../../db/client.server'
import { rowsOf } from '../../../db/drivers.server'
import { users } from '../../../db/schema/auth'
import { mailOutbox, notifications } from '../../../db/schema/notifications'
import { memberships, organisations } from '../../../db/schema/tenancy'
import { env } from '../../env.server'
import { isLocale, translate, type Locale } from '../../i18n'
import { logger } from '../../utils/logger.server'
import type { Role } from '../tenancy/roles'
import { renderNotice, type NoticeKind, type NoticeParams } from './render'

// The one way to tell people something (issue 13): an inbox message for each recipient and, when asked, an
// e-mail in the outbox, both written in the caller's transaction so a notice exists exactly when its change does.
// Later modules (order confirmed, outbid, payout approved) call `notify` too.

/** Who hears of it: people by id, an organisation's members (optionally some roles), or operator staff by role. */
export type Recipients = { userIds: string[] } | { orgId: string; roles?: readonly Role[] } | { staff: readonly Role[] }

export interface Notice {
  to: Recipients
  kind: NoticeKind
  params?: NoticeParams
  /** A path inside the portal the message leads to. */
  link?: string
  /** The organisation the notice is about (the reader's context). */
  orgId?: string | null
  /** Also queue an e-mail to each recipient, in their language. */
  mail?: boolean
}

type Person = { userId: string; email: string; displayName: string; locale: string }

async function resolve(tx: DbOrTx, to: Recipients): Promise<Person[]> {
  if ('staff' in to) {
    // Through the database function of migration 0021: a dealer's request may not read the operator's members.
    const roles = `{${to.staff.join(',')}}`
    const rows = rowsOf<{ user_id: string; email: string; display_name: string; locale: string }>(
      await tx.execute(sql`select user_id, email, display_name, locale from notice_staff_recipients(${roles}::text[])`),
    )
    return rows.map((r) => ({ userId: r.user_id, email: r.email, displayName: r.display_name, locale: r.locale }))
  }
  const base = tx.selectDistinct({ userId: users.id, email: users.email, displayName: users.displayName, locale: users.locale }).from(users)
  if ('userIds' in to) {
    if (!to.userIds.length) return []
    return base.where(and(inArray(users.id, to.userIds), isNull(users.disabledAt)))
  }
  return base
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(
      and(
        eq(memberships.orgId, to.orgId),
        sql`${memberships.acceptedAt} is not null`,
        isNull(users.disabledAt),
        isNull(organisations.disabledAt),
        to.roles?.length ? inArray(memberships.role, [...to.roles]) : undefined,
      ),
    )
}

const localeOf = (l: string): Locale => (isLocale(l) ? l : 'ru')

/** Inbox messages (and, with `mail`, e-mails) for every recipient; returns how many people were told. */
export async function notify(tx: DbOrTx, notice: Notice): Promise<number> {
  const people = await resolve(tx, notice.to)
  if (!people.length) return 0
  const params = notice.params ?? {}
  await tx
    .insert(notifications)
    .values(people.map((p) => ({ userId: p.userId, orgId: notice.orgId ?? null, kind: notice.kind, params, link: notice.link ?? null })))
  if (notice.mail)
    for (const p of people)
      await queueMail(tx, {
        to: p.email,
        name: p.displayName,
        locale: localeOf(p.locale),
        kind: notice.kind,
        params,
        link: notice.link,
        userId: p.userId,
      })
  return people.length
}

/** One e-mail, rendered now in its recipient's language (also for people without an account, such as an applicant). */
export async function queueMail(
  tx: DbOrTx,
  mail: { to: string; name?: string | null; locale: Locale; kind: NoticeKind; params?: NoticeParams; link?: string | null; userId?: string | null },
) {
  const { title, body } = renderNotice(mail.locale, mail.kind, mail.params ?? {})
  const link = mail.link ? absoluteUrl(mail.link) : null
  const footer = translate(mail.locale, 'mail.footer', { operator: translate(mail.locale, 'app.name'), link: absoluteUrl('/inbox') })
  const textBody = [body, link && !body.includes(link) ? link : null, '', '—', footer].filter((l) => l !== null).join('\n')
  const [row] = await tx
    .insert(mailOutbox)
    .values({
      toAddress: mail.to,
      toName: mail.name ?? null,
      locale: mail.locale,
      kind: mail.kind,
      subject: title,
      textBody,
      userId: mail.userId ?? null,
    })
    .returning({ id: mailOutbox.id })
  return row.id
}

/** A portal path as a full address for an e-mail. */
export function absoluteUrl(path: string) {
  return /^https?:\/\//.test(path) ? path : `${env.PUBLIC_URL}${path.startsWith('/') ? '' : '/'}${path}`
}

/** Marks one of the person's own messages read (another person's id changes nothing). */
export async function markNoticeRead({ userId, id }: { userId: string; id: string }) {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id })
  return rows.length > 0
}

export async function markAllNoticesRead({ userId }: { userId: string }) {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id })
  return rows.length
}

// ── Sending ───────────────────────────────────────────────────────────────────────────────────────────────────
const MAX_ATTEMPTS = 6
/** Minutes before attempt n+1: 1, 5, 15, 60, 240. */
const BACKOFF_MINUTES = [1, 5, 15, 60, 240]

type Transport = { sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown> }

let transport: Transport | null = null
function smtp(): Transport | null {
  if (!env.SMTP_URL) return null
  transport ??= nodemailer.createTransport(env.SMTP_URL)
  return transport
}

/**
 * Sends the mail that is due, each claimed with SKIP LOCKED so two nodes never send one message twice; a failure
 * is retried with backoff and given up after MAX_ATTEMPTS. Without a transport (no SMTP_URL) nothing happens: the
 * outbox page shows the mail instead.
 */
export async function sendDueMail({ via = smtp(), limit = 20 }: { via?: Transport | null; limit?: number } = {}) {
  if (!via) return { sent: 0, failed: 0 }
  let sent = 0
  let failed = 0
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (tx) => {
      const [mail] = await tx
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, sql`now()`)))
        .orderBy(mailOutbox.nextAttemptAt)
        .limit(1)
        .for('update', { skipLocked: true })
      if (!mail) return 'none' as const
      try {
        const to = mail.toName ? `"${mail.toName.replace(/["\\\r\n]/g, ' ')}" <${mail.toAddress}>` : mail.toAddress
        await via.sendMail({ from: env.MAIL_FROM, to, subject: mail.subject, text: mail.textBody })
        await tx
          .update(mailOutbox)
          .set({ status: 'sent', sentAt: sql`now()`, attempts: mail.attempts + 1, lastError: null })
          .where(eq(mailOutbox.id, mail.id))
        return 'sent' as const
      } catch (error) {
        const attempts = mail.attempts + 1
        const giveUp = attempts >= MAX_ATTEMPTS
        const wait = BACKOFF_MINUTES[Math.min(attempts - 1, BACKOFF_MINUTES.length - 1)]
        await tx
          .update(mailOutbox)
          .set({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            lastError: String((error as Error).message ?? error).slice(0, 500),
            nextAttemptAt: sql`now() + make_interval(mins => ${wait})`,
          })
          .where(eq(mailOutbox.id, mail.id))
        return 'failed' as const
      }
    })
    if (outcome === 'none') break
    if (outcome === 'sent') sent++
    else failed++
  }
  return { sent, failed }
}

/** The in-process sender (server.ts starts it when SMTP_URL is set); the returned function stops it. */
export function startMailSender(everyMs = 5000) {
  let running = false
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped || !env.SMTP_URL) return
    running = true
    sendDueMail()
      .then(({ failed }) => failed && logger.warn({ failed }, 'some mail was not sent; it will be retried'))
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'mail sender tick failed'))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    while (running) await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
