import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { organisations } from './tenancy'

// The notification module (issue 13): an in-portal inbox for every person and an outbox of e-mails. A message is
// stored as a catalog key with its parameters, so each reader sees it in their own language when they open it;
// an e-mail is rendered once, in its recipient's language, when it is queued. Later modules (order confirmed,
// outbid, payout approved) notify through the same functions (app/modules/notifications).

export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The organisation the message is about, for the reader's context (null: about the person). */
    orgId: uuid().references(() => organisations.id, { onDelete: 'cascade' }),
    /** A message catalog key (`notice.<kind>.title` / `.body`) and the values its placeholders take. */
    kind: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** Where the message leads inside the portal (a path), if anywhere. */
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at is null`),
  ],
)

/** E-mails to send. With SMTP_URL set a worker sends them (nodemailer); without, the operator's "outgoing mail" page shows them. */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid().primaryKey().defaultRandom(),
    toAddress: text().notNull(),
    toName: text(),
    locale: text().$type<'ru' | 'en'>().notNull(),
    kind: text().notNull(),
    subject: text().notNull(),
    textBody: text().notNull(),
    /** pending: not sent yet (or no mail server); sent; failed: gave up after the retries. */
    status: text().$type<'pending' | 'sent' | 'failed'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The user it is for, when the recipient has an account (an applicant has none yet). */
    userId: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt), index('mail_outbox_created_idx').on(t.createdAt)],
)
