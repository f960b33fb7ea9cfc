import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { rowsOf } from '../../db/drivers.server'
import { grantScope } from '../../app/modules/auth/scope.server'
import { runContestChecks } from '../../app/modules/sarm/contest-run.server'
import { getAssistantContest, listDealerContests } from '../../app/modules/sarm/contests.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, defaultTestPassword } from '../factories'
import { createAssistant, createContest, createSaleReports, createShop } from '../factories/sarm'
import { startApp, type App } from '../http-harness'

// Tenant canary for contests (issue 14): dealer A, in the same contest as dealer B, never sees B's flags, awards or
// figures — not through the module functions, not on its pages; the cross-dealer leaderboard shows only what the
// rules publish (rank, first name and initial, dealer, region, score), never B's shop, full names or ids.

let app: App
const w = {} as {
  a: string
  b: string
  adminA: { email: string }
  assistantA: { id: string; email: string }
  contestId: string
  bShopName: string
}

beforeAll(async () => {
  app = await startApp()
  const vat = await createTaxClass(db, { rates: [['2019-01-01', 2200]] })
  const productId = (await createProduct(db, { categoryId: (await createCategory(db)).id, taxClassId: vat.id })).id
  w.a = (await createOrganisation(db, { kind: 'dealer', shortName: 'Дилер А' })).id
  w.b = (await createOrganisation(db, { kind: 'dealer', shortName: 'Дилер Б' })).id
  w.adminA = await createMember(db, { id: w.a }, 'shop_manager')
  const shopA = await createShop(db, { orgId: w.a, name: 'Магазин А', region: 'Омск' })
  w.bShopName = 'Тайный магазин Б'
  const shopB = await createShop(db, { orgId: w.b, name: w.bShopName, region: 'Пермь' })
  const as: { id: string; email: string }[] = []
  for (const n of ['Алла Аверина', 'Артём Акулов', 'Ася Астахова'])
    as.push((await createAssistant(db, { orgId: w.a, shopId: shopA.id, displayName: n })).user)
  w.assistantA = as[0]
  const bs: { id: string; email: string }[] = []
  for (const n of ['Богдан Звездочётов', 'Белла Бурова', 'Борис Быков'])
    bs.push((await createAssistant(db, { orgId: w.b, shopId: shopB.id, displayName: n })).user)
  const sale = (orgId: string, shopId: string, userId: string, qty: number, soldOn: string) => ({ orgId, shopId, userId, productId, qty, soldOn })
  // B's star takes the first prize in a shop with a 20 % history: its prize is held with figures A must never see.
  await createSaleReports(db, [
    sale(w.b, shopB.id, bs[0].id, 9_753, '2025-06-10'),
    sale(w.b, shopB.id, bs[1].id, 1, '2025-06-10'),
    sale(w.b, shopB.id, bs[2].id, 1, '2025-06-10'),
    ...[1, 2, 3, 4, 5].flatMap((k) => bs.map((b) => sale(w.b, shopB.id, b.id, 10, `2025-0${6 - k}-15`))),
    ...as.map((a, i) => sale(w.a, shopA.id, a.id, 5 + i, '2025-06-12')),
  ])
  w.contestId = (
    await createContest(db, {
      periodStart: '2025-06-01',
      periodEnd: '2025-06-30',
      orgIds: [w.a, w.b],
      prizes: [
        { rank: 1, amountMinor: 77_777_00 },
        { rank: 2, amountMinor: 1_000_00 },
      ],
    })
  ).id
  expect(
    await runContestChecks({ scope: grantScope('manage:sarm:any', null), actor: { userId: null, email: null, ip: null }, contestId: w.contestId }),
  ).toMatchObject({ ok: true, held: 1 })
})
afterAll(() => app?.close())

const secrets = () => [
  '77 777',
  '77,777',
  '77777',
  '9 753',
  '9,753',
  '9753',
  'Звездочётов',
  'Тайный магазин',
  'HHI',
  'incrementality',
  'инкрементальн',
]

describe('dealer A in a contest with dealer B', () => {
  it('gets none of B’s awards or figures from the module', async () => {
    const mine = await listDealerContests({ scope: grantScope('read:sarm:org', w.a) })
    const contest = mine.find((c) => c.id === w.contestId)!
    expect(contest.awards.map((a) => a.seller)).toEqual(['Ася Астахова'])
    const text = JSON.stringify(mine)
    for (const s of secrets()) expect(text).not.toContain(s)
  })

  it('sees none of them on its contests page', async () => {
    const page = await app.request('/shops/contests', { cookie: await app.login(w.adminA.email, defaultTestPassword) })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Ася Астахова')
    for (const s of secrets()) expect(page.body).not.toContain(s)
  })

  it('sees B’s star on the leaderboard only by the published fields', async () => {
    const view = await getAssistantContest({ scope: grantScope('read:sarm:own', w.a), userId: w.assistantA.id, contestId: w.contestId })
    expect(Object.keys(view!.board[0]).sort()).toEqual(['dealer', 'mine', 'rank', 'region', 'score', 'seller'])
    expect(view!.board[0]).toMatchObject({ rank: 1, seller: 'Богдан З.', dealer: 'Дилер Б', region: 'Пермь', mine: false })
    // The function behind it answers no more columns than those, whoever calls it.
    const [fn] = rowsOf<{ names: string[] }>(
      await db.execute(sql`select proargnames as names from pg_proc where proname = 'sarm_contest_leaderboard'`),
    )
    expect(fn.names).toEqual(['p_contest', 'p_viewer', 'p_limit', 'rank', 'seller', 'dealer', 'region', 'score', 'mine'])
    const page = await app.request(`/assistant/contests/${w.contestId}`, { cookie: await app.login(w.assistantA.email, defaultTestPassword) })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Богдан З.')
    for (const s of ['Звездочётов', 'Тайный магазин', 'HHI']) expect(page.body).not.toContain(s)
    expect(view!.award).toBeNull()
  })
})
