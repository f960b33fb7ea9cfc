import fs from 'node:fs'
import postgres from 'postgres'
import { afterAll, inject } from 'vitest'
import { setSingleton } from '../../app/utils/singleton.server'
import { newPglite, openPglite, openPostgres } from '../../db/drivers.server'
import { withDatabase } from './global-database'

// A fresh database for each test file, registered before any app module opens one.

const dumpFile = inject('pgliteDump')
const templateUrl = inject('pgTemplateUrl')

if (dumpFile) {
  const client = newPglite(undefined, { loadDataDir: new Blob([fs.readFileSync(dumpFile)]) })
  const database = setSingleton('database', openPglite(client))
  afterAll(() => database.close())
} else {
  const name = `portal_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const template = new URL(templateUrl).pathname.slice(1)
  const admin = postgres(withDatabase(templateUrl, 'postgres'), { max: 1, onnotice: () => {} })
  // Clones of one template can collide for a moment ("source database is being accessed"): retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`)
      break
    } catch (error) {
      if (attempt >= 20) throw error
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
    }
  }
  const database = setSingleton('database', openPostgres(withDatabase(templateUrl, name), { max: 5 }))
  afterAll(async () => {
    await database.close()
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })
}
