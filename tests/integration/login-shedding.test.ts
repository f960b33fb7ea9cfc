import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Its own file, so its database has no failed sign-ins from other tests counting against this IP.
let app: App
let org: { id: string }
beforeAll(async () => {
  app = await startApp()
  org = await createOrganisation(db, { kind: 'dealer' })
})
afterAll(() => app.close())

describe('load shedding', () => {
  it('answers unknown devices 503 at once while the hashing queue is full, and still signs in known devices', async () => {
    const { singleton } = await import('../../app/utils/singleton.server')
    const gate = singleton<{ run: (p: 'known' | 'other', task: () => Promise<unknown>) => Promise<unknown>; full: () => boolean }>(
      'hash-gate',
      () => {
        throw new Error('the app creates the gate')
      },
    )
    const person = await createMember(db, org, 'dealer_buyer')
    const first = await app.request('/login', { form: { email: person.email, password: defaultTestPassword } })
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith('portal_device='))!
      .split(';')[0]

    let release!: () => void
    const blocker = new Promise<void>((r) => (release = r))
    const held: Promise<unknown>[] = []
    while (!gate.full()) held.push(gate.run('other', () => blocker).catch(() => {}))
    try {
      const started = performance.now()
      const shed = await app.request('/login', { form: { email: person.email, password: defaultTestPassword } })
      expect(shed.status).toBe(503)
      expect(shed.headers.get('retry-after')).toBe('2')
      expect(shed.body).toContain('Сервис входа сейчас перегружен')
      expect(performance.now() - started).toBeLessThan(1000)
      const known = await app.request('/login', { form: { email: person.email, password: defaultTestPassword }, cookie: device })
      expect(known.status).toBe(302)
    } finally {
      release()
      await Promise.all(held)
    }
  })
})
