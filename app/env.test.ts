import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env.server'

describe('environment', () => {
  it('fills defaults: the embedded database, demo mode, secure cookies in production', () => {
    const env = parseEnv({ NODE_ENV: 'production' })
    expect(env).toMatchObject({ PORT: 3000, PGLITE_DATA_DIR: '.data/pglite', DEMO_MODE: true, COOKIE_SECURE: true, TRUST_PROXY_HOPS: 0 })
    expect(parseEnv({ DATABASE_URL: 'postgres://u@h/db' }).DEMO_MODE).toBe(false)
    expect(parseEnv({ ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example'])
  })

  it('leaves the e2e fixture endpoint off unless a token of at least 32 characters is given', () => {
    expect(parseEnv({}).E2E_FIXTURE_TOKEN).toBeUndefined()
    expect(parseEnv({ E2E_FIXTURE_TOKEN: 'x'.repeat(32) }).E2E_FIXTURE_TOKEN).toBe('x'.repeat(32))
    expect(() => parseEnv({ E2E_FIXTURE_TOKEN: 'short' })).toThrow(EnvError)
  })

  it('treats empty variables as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000)
  })

  it('lists every problem in one readable message', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(EnvError)
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
    } catch (error) {
      const message = (error as Error).message
      expect(message).toContain('PORT')
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL')
      expect(message).toContain('LOG_LEVEL')
    }
  })
})
