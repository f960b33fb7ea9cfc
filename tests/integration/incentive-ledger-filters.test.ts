import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { systemActor } from '../../app/modules/audit/mutations.server'
import { accrueLedgerLine, type LedgerSource } from '../../app/modules/incentives/ledger.server'
import { loader as deskLedgerLoader } from '../../app/routes/desk.partners.ledger'
import { loader as ownLedgerLoader } from '../../app/routes/programme.ledger._index'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// The desk ledger's filters (issue 13): a dealer and a programme or source to pick from the lines that exist, the
// URL as the state (each field starts from it, the sort travels with it), sortable, impossible values dropped.

let app: App
const w = {} as {
  a: { id: string; name: string }
  b: { id: string; name: string }
  quiet: { id: string; name: string }
  rebate: string
  deals: string
  managerCookie: string
  dealerCookie: string
}

async function line(orgId: string, o: { programmeId: string; source: LedgerSource; nameRu: string; nameEn: string; amountMinor: number }) {
  await db.transaction((tx) =>
    accrueLedgerLine(tx, systemActor, {
      orgId,
      source: o.source,
      programmeId: o.programmeId,
      programmeNameRu: o.nameRu,
      programmeNameEn: o.nameEn,
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
      amountMinor: o.amountMinor,
      explanation: { key: 'ledger.explain.manual', params: { rateBp: 300, note: 'test' } },
      accrualKey: `filters:${crypto.randomUUID()}`,
    }),
  )
}

beforeAll(async () => {
  app = await startApp()
  const make = async (name: string) => ({ id: (await createOrganisation(db, { kind: 'dealer', legalName: name })).id, name })
  w.a = await make('ООО «Альфа фильтр»')
  w.b = await make('ООО «Бета фильтр»')
  w.quiet = await make('ООО «Без начислений»')
  w.rebate = crypto.randomUUID()
  w.deals = crypto.randomUUID()
  const rebate = { programmeId: w.rebate, source: 'rebate' as const, nameRu: 'Квартальный фильтр', nameEn: 'Quarterly filter' }
  const deals = { programmeId: w.deals, source: 'deal_bonus' as const, nameRu: 'Бонус за сделку', nameEn: 'Deal bonus' }
  await line(w.a.id, { ...rebate, amountMinor: 300_00 })
  await line(w.a.id, { ...rebate, amountMinor: 100_00 })
  await line(w.a.id, { ...deals, amountMinor: 200_00 })
  await line(w.b.id, { ...rebate, amountMinor: 900_00 })
  const operator = await createOrganisation(db, { kind: 'operator' })
  const manager = await createMember(db, operator, 'partner_manager', { locale: 'en' })
  const dealer = await createMember(db, { id: w.a.id }, 'dealer_admin', { locale: 'en' })
  w.managerCookie = await app.login(manager.email, defaultTestPassword)
  w.dealerCookie = await app.login(dealer.email, defaultTestPassword)
}, 60_000)
afterAll(() => app.close())

type DeskData = {
  ledger: { rows: { orgId: string; amountMinor: number; source: string }[]; total: number }
  filters: { dealers: { id: string; name: string }[]; sources: string[]; programmes: { id: string; source: string; nameEn: string }[] }
}
const desk = async (query: string) => {
  const res = await deskLedgerLoader({
    request: new Request(`http://portal.test/desk/partners/ledger?${query}`, { headers: { cookie: w.managerCookie } }),
    params: {},
    context: { cspNonce: '', clientIp: '127.0.0.1' },
  })
  return (await res.json()) as DeskData
}

describe('the desk ledger loader', () => {
  it('offers the dealers that have lines, each source and each programme', async () => {
    const { filters } = await desk('')
    const dealerIds = filters.dealers.map((d) => d.id)
    expect(dealerIds).toEqual(expect.arrayContaining([w.a.id, w.b.id]))
    expect(dealerIds).not.toContain(w.quiet.id)
    expect(filters.sources).toEqual(expect.arrayContaining(['rebate', 'deal_bonus']))
    expect(filters.programmes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: w.rebate, source: 'rebate', nameEn: 'Quarterly filter' }),
        expect.objectContaining({ id: w.deals, source: 'deal_bonus', nameEn: 'Deal bonus' }),
      ]),
    )
  })

  it('filters by dealer, programme and source, and sorts', async () => {
    const byDealerAndProgramme = await desk(`orgId=${w.a.id}&programmeId=${w.rebate}&sort=amount&dir=asc`)
    expect(byDealerAndProgramme.ledger.rows.map((r) => r.amountMinor)).toEqual([100_00, 300_00])
    expect(byDealerAndProgramme.ledger.total).toBe(2)
    const desc = await desk(`programmeId=${w.rebate}&sort=amount&dir=desc`)
    expect(desc.ledger.rows.map((r) => [r.orgId, r.amountMinor])).toEqual([
      [w.b.id, 900_00],
      [w.a.id, 300_00],
      [w.a.id, 100_00],
    ])
    const bySource = await desk(`orgId=${w.a.id}&source=deal_bonus`)
    expect(bySource.ledger.rows.map((r) => [r.source, r.amountMinor])).toEqual([['deal_bonus', 200_00]])
    // Impossible values are dropped, not sent to SQL and never a 500.
    const junk = await desk(`orgId=nonsense&programmeId=${'x'.repeat(500)}&sort=evil&dir=sideways&periodFrom=2026-02-31`)
    expect(junk.ledger.total).toBeGreaterThanOrEqual(4)
  })

  it('renders the page with each filter starting from the URL and the sort kept with the filters', async () => {
    const res = await app.request(`/desk/partners/ledger?orgId=${w.a.id}&programmeId=${w.rebate}&sort=amount&dir=asc`, { cookie: w.managerCookie })
    expect(res.status).toBe(200)
    const html = res.body
    expect(html).toMatch(new RegExp(`<option value="${w.a.id}" selected`))
    expect(html).toMatch(new RegExp(`<option value="${w.rebate}" selected`))
    expect(html).toContain('<input type="hidden" name="sort" value="amount"')
    expect(html).toContain('<label for="lf-org">Dealer</label>')
    expect(html).toContain('<optgroup label="Deal bonuses">')
  })
})

describe("the dealer's own ledger", () => {
  it("offers its own programmes only, never another dealer's lines or the dealer filter", async () => {
    const res = await ownLedgerLoader({
      request: new Request(`http://portal.test/programme/ledger?orgId=${w.b.id}`, { headers: { cookie: w.dealerCookie } }),
      params: {},
      context: { cspNonce: '', clientIp: '127.0.0.1' },
    })
    const data = (await res.json()) as DeskData
    expect(data.filters.dealers).toEqual([])
    expect(data.ledger.rows.every((r) => r.orgId === w.a.id)).toBe(true)
    expect(data.ledger.total).toBe(3)
    expect(data.filters.programmes.map((p) => p.id).sort()).toEqual([w.rebate, w.deals].sort())
  })
})
