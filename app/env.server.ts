import { z } from 'zod'
import { singleton } from './utils/singleton.server'

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

// The only place that reads process.env (STYLE.md). Everything else imports `env`.
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z
      .string()
      .url()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// or postgresql:// URL')
      .optional(),
    // The role the app acts as after connecting: not the tables' owner and without BYPASSRLS, so the row-level
    // security of migration 0014 applies to it (migrations create portal_app; another name must be a role you made).
    DATABASE_APP_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case role name')
      .default('portal_app'),
    PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
    REDIS_URL: z.string().url().optional(),
    // Comma-separated origins allowed on state-changing requests and socket handshakes, e.g.
    // "https://portal.example.com". Empty: the request's own origin (scheme + Host) is the only one allowed.
    ALLOWED_ORIGINS: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    // Number of reverse-proxy hops whose X-Forwarded-For is trusted. 0: the socket address is the client IP.
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(12 * 60),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .default(7 * 24),
    // Secure + __Host- cookies; defaults to on in production. Turn off only behind plain HTTP on a non-localhost host.
    COOKIE_SECURE: bool.optional(),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    LOGIN_BLOCK_MINUTES: z.coerce.number().int().min(1).default(15),
    LOGIN_IP_MAX_FAILURES_PER_DAY: z.coerce.number().int().min(1).default(100),
    // Demo mode shows the demo logins on the sign-in page; defaults to on with the embedded database.
    DEMO_MODE: bool.optional(),
    SEED_ON_EMPTY: bool.default('true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Manual bids per second each supplier may place on one lot (after a burst of three); 0 turns the limit off,
    // which only the auction benchmark should do.
    AUCTION_BIDS_PER_SECOND: z.coerce.number().min(0).max(1000).default(2),
    // API keys (issue 12): calls per second each key may make after a burst, per server instance.
    API_KEY_RATE_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(20),
    API_KEY_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
    // Webhook signatures: each partner's HMAC secret is derived from this key (and a version), so none is stored.
    // Without it, webhooks stay off (the pull mailbox always works).
    WEBHOOK_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    // Outgoing mail (issue 13): with SMTP_URL (smtp://user:pass@host:587, smtps://…) the outbox is sent by SMTP;
    // without it nothing is sent and operator staff read the queued mail on /desk/mail.
    SMTP_URL: z
      .string()
      .url()
      .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Partner portal <portal@localhost>'),
    // The portal's address as people reach it, for links in e-mails (one-time links, notices).
    PUBLIC_URL: z.string().url().optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    // The operator's time zone: every time a person reads is shown in it, on the server and in the browser alike,
    // so a page renders the same text in both (no hydration mismatch for a browser outside UTC).
    OPERATOR_TIME_ZONE: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz })
          return true
        } catch {
          return false
        }
      }, 'must be an IANA time zone such as Europe/Moscow')
      .default('Europe/Moscow'),
    // Test-only: set, server.ts mounts the e2e fixture endpoint (tests/e2e/fixtures/endpoint.ts), which creates and
    // removes organisations, people and products for whoever holds this bearer token. Only playwright.config.ts
    // sets it; never set it anywhere people use the portal.
    E2E_FIXTURE_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .transform((e) => ({
    ...e,
    COOKIE_SECURE: e.COOKIE_SECURE ?? e.NODE_ENV === 'production',
    DEMO_MODE: e.DEMO_MODE ?? !e.DATABASE_URL,
    PUBLIC_URL: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
  }))

export type Env = z.infer<typeof EnvSchema>

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set": shells and .env files often leave `VAR=` behind.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const result = EnvSchema.safeParse(cleaned)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`)
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`)
  }
  return result.data
}

export const env: Env = singleton('env', () => {
  try {
    return parseEnv(process.env)
  } catch (error) {
    if (!(error instanceof EnvError)) throw error
    // A readable list of what is wrong, not a stack trace, and the conventional EX_CONFIG exit code.
    console.error(error.message)
    process.exit(78)
  }
})
