import pino from 'pino'
import { env } from '../env.server'
import { singleton } from './singleton.server'

// drizzle wraps every failed query as "Failed query: <sql>\nparams: <values>", and the values can be a password
// hash or an e-mail. A log line or an error page keeps the SQL text and the database's error code, never the
// values (ASVS V16.2.5); the driver error's `detail` ("Key (email)=(…) already exists") is dropped for the same reason.
const PARAMS = /\nparams: [\s\S]*$/

type DriverError = { code?: unknown; constraint?: unknown; constraint_name?: unknown; table?: unknown; table_name?: unknown; message?: unknown }

const isQueryError = (e: unknown): e is Error & { query?: unknown; params?: unknown; cause?: unknown } =>
  e instanceof Error && e.message.startsWith('Failed query: ') && 'params' in e

/** Driver messages end in the offending value for some codes (`invalid input syntax for type uuid: "…"`). */
const withoutValue = (message: string) => message.replace(/:\s*"[\s\S]*"\s*$/, ': [value]')

function driverFields(cause: unknown) {
  if (!cause || typeof cause !== 'object') return {}
  const c = cause as DriverError
  return {
    code: typeof c.code === 'string' ? c.code : undefined,
    constraint: (c.constraint_name ?? c.constraint) as string | undefined,
    table: (c.table_name ?? c.table) as string | undefined,
    cause: typeof c.message === 'string' ? withoutValue(c.message) : undefined,
  }
}

/** What a log line says about an error: message and stack without query parameters, plus the database code. */
export function errorForLog(error: unknown): unknown {
  if (typeof error === 'string') return error.replace(PARAMS, '')
  if (!(error instanceof Error)) {
    if (!error || typeof error !== 'object') return error
    const o = error as { message?: unknown; stack?: unknown }
    const scrub = (v: unknown) => (typeof v === 'string' ? v.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '') : v)
    return { ...o, message: scrub(o.message), stack: scrub(o.stack), params: undefined }
  }
  const message = error.message.replace(PARAMS, '')
  const header = `${error.name}: ${error.message}`
  const frames = error.stack?.startsWith(header)
    ? error.stack.slice(header.length)
    : (error.stack ?? '')
        .split('\n')
        .filter((l) => l.startsWith('    at '))
        .join('\n')
  return {
    type: error.name,
    message,
    stack: `${error.name}: ${message}${frames.startsWith('\n') || !frames ? '' : '\n'}${frames}`,
    ...driverFields(error.cause ?? error),
  }
}

/**
 * Takes the parameters out of a failed query's error itself, before Remix logs or (outside production) shows
 * it: the error page then carries no more than the log line.
 */
export function redactQueryError(error: unknown) {
  if (!isQueryError(error)) return
  const safe = errorForLog(error) as { message: string; stack: string }
  error.message = safe.message
  error.stack = safe.stack
  error.params = undefined
}

// JSON lines on stdout. Secrets never reach a log line: we log paths without query strings, these keys are
// redacted wherever they appear, and errors pass through errorForLog.
export const logger = singleton('logger', () =>
  pino({
    level: env.NODE_ENV === 'test' && env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL,
    base: { service: 'portal', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: errorForLog },
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'headers.cookie', 'headers.authorization', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  }),
)
