// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded folder).
// With PostgreSQL, run it once before starting the nodes: migrating from every node at once races (stack-notes P13).
const { database } = await import('./client.server')
await database.migrate()
console.log(`Migrations applied (${database.kind}).`)
await database.close()
export {}
