import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { grantScope, type OrgScope } from '../../app/modules/auth/scope.server'
import { addDays } from '../../app/modules/prm/deal-rules'
import { getDeal, listDeals, registerDeal } from '../../app/modules/prm/deals.server'
import { businessClock } from '../../app/utils/clock.server'
import { createCategory, createMember, createOrganisation, createProduct, createTaxClass, makeInn } from '../factories'

// The scope canary for deal registration (issue 13): module functions called DIRECTLY, unbound (no row-level
// security behind them), with organisation A's scope and B's ids. The tenant filter in each query is all that
// stands between them: nothing of B comes back.

let a: OrgScope
let b: { scope: OrgScope; dealId: string; number: string }

beforeAll(async () => {
  const [orgA, orgB] = [
    await createOrganisation(db, { kind: 'dealer', shortName: 'Deal canary A' }),
    await createOrganisation(db, { kind: 'dealer', shortName: 'Deal canary B' }),
  ]
  const userB = await createMember(db, orgB, 'dealer_admin')
  const [category, vat] = [await createCategory(db), await createTaxClass(db)]
  const product = await createProduct(db, { categoryId: category.id, taxClassId: vat.id, sku: 'CANARY-DEAL' })
  const { today } = await businessClock()
  const scopeB = grantScope('create:deal:org', orgB.id)
  const r = await registerDeal({
    scope: scopeB,
    actor: { userId: userB.id, email: userB.email, ip: null },
    input: {
      endCustomerInn: makeInn(),
      endCustomerName: 'B customer',
      endCustomerRegion: 'B region',
      products: [product.sku],
      categoryIds: [],
      expectedQty: 1,
      expectedValue: 1_00,
      expectedCloseOn: addDays(today, 10),
      note: 'B secret note',
    },
  })
  if (!r.ok) throw new Error('registration failed')
  a = grantScope('read:partner_programme:org', orgA.id)
  b = { scope: grantScope('read:partner_programme:org', orgB.id), dealId: r.id, number: r.number }
})

describe("organisation A's scope with organisation B's deal", () => {
  it('reads none of it: not the deal, not the list, not by search', async () => {
    expect(await getDeal({ scope: b.scope, dealId: b.dealId })).not.toBeNull()
    expect(await getDeal({ scope: a, dealId: b.dealId })).toBeNull()
    for (const q of [undefined, b.number, 'B customer']) {
      const list = await listDeals({ scope: a, query: { q } })
      expect(list.rows.map((d) => d.id)).not.toContain(b.dealId)
      expect(list.total).toBe(0)
    }
  })
})
