import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { runInTenantScope, bindTenant } from '../../db/tenant-scope.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { createSegmentRun } from '../factories/crm-segments'
import { startApp } from '../http-harness'

// The tenant canary for segments (issue 15): the runs are the operator's own analysis. A dealer's people never open
// the pages or the exports (403 naming the permission), and a request bound to dealer A reads none of B's classes
// from the table itself (row-level security), while staff see both.

let a: { orgId: string; adminEmail: string }
let b: { orgId: string }
let staffEmail: string
let runId: string

beforeAll(async () => {
  const orgA = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary segments A' })
  const orgB = await createOrganisation(db, { kind: 'dealer', shortName: 'Canary segments B' })
  const operator = await createOrganisation(db, { kind: 'operator' })
  a = { orgId: orgA.id, adminEmail: (await createMember(db, orgA, 'dealer_admin')).email }
  b = { orgId: orgB.id }
  staffEmail = (await createMember(db, operator, 'sales_manager')).email
  const run = await createSegmentRun(db, {
    members: [
      { orgId: orgA.id, abc: 'B', xyz: 'Y', valueMinor: 111_00 },
      { orgId: orgB.id, abc: 'A', xyz: 'X', valueMinor: 777_777_00 },
    ],
  })
  runId = run.id
})

describe('segment pages and exports', () => {
  it('refuse a dealer admin and show staff both dealers', async () => {
    const app = await startApp()
    try {
      const dealer = await app.login(a.adminEmail, defaultTestPassword)
      const staff = await app.login(staffEmail, defaultTestPassword)
      for (const path of [
        '/crm/segments',
        `/crm/segments/${runId}`,
        `/crm/segments/${runId}.csv`,
        `/crm/segments/${runId}.xlsx`,
        '/crm/segments/margins',
      ]) {
        const refused = await app.request(path, { cookie: dealer })
        expect(refused.status, path).toBe(403)
        expect(refused.body).not.toContain('Canary segments B')
      }
      const csv = await app.request(`/crm/segments/${runId}.csv`, { cookie: staff })
      expect(csv.status).toBe(200)
      expect(csv.body).toContain('Canary segments A')
      expect(csv.body).toContain('Canary segments B')
    } finally {
      await app.close()
    }
  })
})

describe('row-level security on the members', () => {
  it("shows a request bound to A only A's row", async () => {
    const read = () => db.execute(sql`select org_id from crm_segment_members where run_id = ${runId}::uuid`)
    const bound = await runInTenantScope(async () => {
      bindTenant({ orgId: a.orgId, userId: null })
      return rowsOf<{ org_id: string }>(await read()).map((r) => r.org_id)
    })
    expect(bound).toEqual([a.orgId])
    const unbound = rowsOf<{ org_id: string }>(await read()).map((r) => r.org_id)
    expect(unbound.sort()).toEqual([a.orgId, b.orgId].sort())
  })
})
