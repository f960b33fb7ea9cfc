import { DrizzleQueryError } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { errorForLog, redactQueryError } from './logger.server'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'

function failedInsert() {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_unique"'), {
    code: '23505',
    constraint: 'users_email_unique',
    detail: 'Key (email)=(ann@example.com) already exists.',
  })
  return new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ['ann@example.com', HASH], cause)
}

describe('errorForLog', () => {
  it('keeps the SQL and the database code of a failed query, never its parameters or the detail', () => {
    const logged = JSON.stringify(errorForLog(failedInsert()))
    expect(logged).not.toContain(HASH)
    expect(logged).not.toContain('ann@example.com')
    expect(logged).toContain('23505')
    expect(logged).toContain('users_email_unique')
    expect(logged).toContain('insert into \\"users\\"')
    expect(logged).toContain('at ')
  })

  it('scrubs a message passed as a string and an error-like object', () => {
    const e = failedInsert()
    expect(errorForLog(e.message)).not.toContain(HASH)
    expect(JSON.stringify(errorForLog({ message: e.message, stack: e.stack }))).not.toContain(HASH)
  })

  it('drops the value a driver message ends with', () => {
    const e = new DrizzleQueryError(
      'select 1 where id = $1',
      ['secret-ish'],
      Object.assign(new Error('invalid input syntax for type uuid: "secret-ish"'), { code: '22P02' }),
    )
    const logged = JSON.stringify(errorForLog(e))
    expect(logged).not.toContain('secret-ish')
    expect(logged).toContain('22P02')
  })

  it('redactQueryError takes the parameters out of the error itself (what an error page could show)', () => {
    const e = failedInsert()
    redactQueryError(e)
    expect(e.message).not.toContain(HASH)
    expect(e.stack).not.toContain(HASH)
    expect(e.params).toBeUndefined()
  })
})
