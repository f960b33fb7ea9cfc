import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type App } from '../http-harness'

let app: App
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.close())

describe('operations endpoints', () => {
  it('answers liveness and readiness with the database kind', async () => {
    const live = await app.request('/healthz')
    expect(live.status).toBe(200)
    expect(JSON.parse(live.body)).toEqual({ status: 'ok' })
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(200)
    expect(JSON.parse(ready.body).database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite')
  })
})
