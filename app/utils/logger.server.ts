import pino from 'pino'
import { env } from '../env.server'
import { singleton } from './singleton.server'

// JSON lines on stdout. Secrets never reach a log line: we log paths without query strings, and these keys
// are redacted wherever they appear (ASVS V16.2.5).
export const logger = singleton('logger', () =>
  pino({
    level: env.NODE_ENV === 'test' && env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL,
    base: { service: 'portal', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'headers.cookie', 'headers.authorization', 'secret', '*.secret'],
      censor: '[redacted]',
    },
  }),
)
