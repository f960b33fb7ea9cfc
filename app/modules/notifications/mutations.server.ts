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

type Mail = {
  to: string
  name?: string | null
  locale: Locale
  kind: NoticeKind
  params?: NoticeParams
  link?: string | null
  userId?: string | null
}

const staffOf = async (tx: DbOrTx, roles: readonly Role[]): Promise<Person[]> => {
  // Through the database function of migration 0021: a dealer's request may not read the operator's members.
  const rows = rowsOf<{ user_id: string; email: string; display_name: string; locale: string }>(
    await tx.execute(sql`select user_id, email, display_name, locale from notice_staff_recipients(${`{${roles.join(',')}}`}::text[])`),
  )
  return rows.map((r) => ({ userId: r.user_id, email: r.email, displayName: r.display_name, locale: r.locale }))
}

/**
 * Every notice's recipients, in one query per kind of address whatever the number of notices: the organisations'
 * members in one, the people by id in one, staff once per set of roles.
 */
async function resolveAll(tx: DbOrTx, notices: readonly Notice[]): Promise<Person[][]> {
  const person = { userId: users.id, email: users.email, displayName: users.displayName, locale: users.locale }
  const orgIds = [...new Set(notices.flatMap(({ to }) => ('orgId' in to ? [to.orgId] : [])))]
  const members = orgIds.length
    ? await tx
        .selectDistinct({ ...person, orgId: memberships.orgId, role: memberships.role })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .innerJoin(organisations, eq(organisations.id, memberships.orgId))
        .where(
          and(
            inArray(memberships.orgId, orgIds),
            sql`${memberships.acceptedAt} is not null`,
            isNull(users.disabledAt),
            isNull(organisations.disabledAt),
          ),
        )
    : []
  const userIds = [...new Set(notices.flatMap(({ to }) => ('userIds' in to ? to.userIds : [])))]
  const byId = new Map(
    (userIds.length
      ? await tx
          .select(person)
          .from(users)
          .where(and(inArray(users.id, userIds), isNull(users.disabledAt)))
      : []
    ).map((p) => [p.userId, p]),
  )
  const staff = new Map<string, Person[]>()
  for (const { to } of notices) if ('staff' in to && !staff.has(to.staff.join(','))) staff.set(to.staff.join(','), await staffOf(tx, to.staff))
  return notices.map(({ to }) => {
    if ('staff' in to) return staff.get(to.staff.join(',')) ?? []
    if ('userIds' in to) return [...new Set(to.userIds)].flatMap((id) => byId.get(id) ?? [])
    const seen = new Set<string>()
    return members.flatMap(({ orgId, role, ...p }) => {
      if (orgId !== to.orgId || (to.roles?.length && !to.roles.includes(role)) || seen.has(p.userId)) return []
      seen.add(p.userId)
      return [p]
    })
  })
}

const localeOf = (l: string): Locale => (isLocale(l) ? l : 'ru')

/** Inbox messages (and, with `mail`, e-mails) for every recipient; returns how many people were told. */
export async function notify(tx: DbOrTx, notice: Notice): Promise<number> {
  return notifyAll(tx, [notice])
}

/** Many notices in a fixed number of statements (a tier evaluation tells every promoted dealer at once). */
export async function notifyAll(tx: DbOrTx, notices: readonly Notice[]): Promise<number> {
  if (!notices.length) return 0
  const people = await resolveAll(tx, notices)
  const inbox = notices.flatMap((n, i) =>
    people[i].map((p) => ({ userId: p.userId, orgId: n.orgId ?? null, kind: n.kind, params: n.params ?? {}, link: n.link ?? null })),
  )
  for (let i = 0; i < inbox.length; i += 1000) await tx.insert(notifications).values(inbox.slice(i, i + 1000))
  await queueMails(
    tx,
    notices.flatMap((n, i) =>
      n.mail
        ? people[i].map((p) => ({
            to: p.email,
            name: p.displayName,
            locale: localeOf(p.locale),
            kind: n.kind,
            params: n.params ?? {},
            link: n.link,
            userId: p.userId,
          }))
        : [],
    ),
  )
  return inbox.length
}

/** One e-mail, rendered now in its recipient's language (also for people without an account, such as an applicant). */
export async function queueMail(tx: DbOrTx, mail: Mail) {
  const [id] = await queueMails(tx, [mail])
  return id
}

async function queueMails(tx: DbOrTx, mails: readonly Mail[]): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < mails.length; i += 500) {
    const rows = mails.slice(i, i + 500).map((mail) => {
      const { title, body } = renderNotice(mail.locale, mail.kind, mail.params ?? {})
      const link = mail.link ? absoluteUrl(mail.link) : null
      const footer = translate(mail.locale, 'mail.footer', { operator: translate(mail.locale, 'app.name'), link: absoluteUrl('/inbox') })
      const textBody = [body, link && !body.includes(link) ? link : null, '', '—', footer].filter((l) => l !== null).join('\n')
      return {
        toAddress: mail.to,
        toName: mail.name ?? null,
        locale: mail.locale,
        kind: mail.kind,
        subject: title,
        textBody,
        userId: mail.userId ?? null,
      }
    })
    ids.push(...(await tx.insert(mailOutbox).values(rows).returning({ id: mailOutbox.id })).map((r) => r.id))
  }
  return ids
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
