import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test'
import { translate, type Locale, type MessageKey } from '../app/i18n'
import type { Role } from '../app/modules/tenancy/roles'
import {
  fixturePath,
  nothingCreated,
  type Created,
  type EdiPartnerRequest,
  type MemberRequest,
  type OrderRequest,
  type Person,
  type Product,
  type ProductRequest,
  type TenderRequest,
  type TermsRequest,
  type DeliverRequest,
  type RebateProgrammeRequest,
} from './e2e/fixtures/api'

export type { Person, Product }

/** The text a user sees for a catalog key, in their language. */
export const text = (locale: Locale, key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)

/** Signs in through the form, as a person would: type, then press the button. */
export async function login(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.locator('#login-email').fill(email)
  await page.locator('#login-password').fill(password)
  await page.locator('form#login button[type=submit]').click()
}

/** Signs a person the fixtures made in, and waits until the portal has taken them past the sign-in page. */
export async function signIn(page: Page, person: Person) {
  await login(page, person.user.email, person.user.password)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/**
 * The creators (STYLE.md: "fixtures such as login({ role }) that create what they need through code and remove it
 * afterwards"). Each call asks the test-only endpoint of the e2e server (tests/e2e/fixtures/endpoint.ts), which
 * uses the tests' factories; what a test made is removed when it ends, whether it passed or not.
 */
export class Make {
  readonly created: Created = nothingCreated()
  constructor(private readonly api: APIRequestContext) {}

  private async call<T>(operation: string, input: unknown): Promise<T> {
    const res = await this.api.post(`${fixturePath}/${operation}`, { data: input })
    if (!res.ok()) throw new Error(`fixture ${operation} failed: ${res.status()} ${await res.text()}`)
    const { body, created } = (await res.json()) as { body: T; created: Created }
    for (const k of Object.keys(this.created) as (keyof Created)[]) this.created[k].push(...created[k])
    return body
  }

  /** A person with `role`: in a fresh organisation of the role's kind, or in `orgId` (one made earlier). */
  member = (o: MemberRequest) => this.call<Person>('member', o)
  /** An existing person joins an organisation too; `invitedBy` leaves it an invitation not yet accepted. */
  join = (o: { userId: string; orgId: string; role: Role; invitedBy?: string }) => this.call<{ ok: true }>('join', o)
  /** A product with its own SKU, category, warehouses, stock and price list for the given organisations. */
  product = (o: ProductRequest) => this.call<Product>('product', o)
  /** An order placed through the real cart and checkout. */
  order = (o: OrderRequest) => this.call<{ id: string; number: string }>('order', o)
  tender = (o: TenderRequest) => this.call<{ id: string; title: string; lotIds: string[] }>('tender', o)
  /** Delivery terms and places of a buying organisation a fixture made. */
  terms = (o: TermsRequest) => this.call<{ ok: true }>('terms', o)
  /** An EDI partner profile for a key account (production mode by default), with its made-up GLNs. */
  ediPartner = (o: EdiPartnerRequest) => this.call<{ partnerGln: string; ourGln: string }>('ediPartner', o)
  // Partner programmes (issue 13): orders delivered now, and a rebate programme over the test's own categories.
  deliver = (o: DeliverRequest) => this.call<{ ok: true }>('deliver', o)
  rebateProgramme = (o: RebateProgrammeRequest) => this.call<{ id: string; code: string }>('rebateProgramme', o)
  // Shop assistants (issue 14): a finished contest on the worked example, checked, its winner's prize held.
  heldContest = () => this.call<{ contestId: string; nameRu: string; heldSeller: string }>('heldContest', {})
  // CRM (issue 15): the next morning for a task logged by title (it falls due today; the reminder tick runs).
  crmNextMorning = (o: { title: string }) => this.call<{ ok: true }>('crmNextMorning', o)
  // CRM (issue 15): a SERVQUAL wave open from today, sent to one person of the test's organisation.
  // CRM (issue 15): a stored "similar dealers buy" recommendation for the test's dealer.
  crmRecommendation = (o: { orgId: string; productId: string; antecedentId: string }) => this.call<{ ok: true }>('crmRecommendation', o)
  crmSurveyInvite = (o: { userId: string; orgId: string; titleRu: string; titleEn: string }) => this.call<{ waveId: string }>('crmSurveyInvite', o)

  async removeAll() {
    await this.call('remove', this.created)
  }
}

export interface LoginOptions extends Omit<MemberRequest, 'orgId'> {
  /** An organisation a fixture made earlier (a colleague's): the new person joins it. */
  org?: { id: string }
  /** Another browser page (a second context) to sign in; the test's own page by default. */
  page?: Page
}

export const test = base.extend<{ make: Make; login: (o: LoginOptions) => Promise<Person> }>({
  // `provide` is Playwright's `use` (named so the React hooks lint does not take it for one).
  make: async ({ playwright, baseURL }, provide) => {
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${process.env.E2E_FIXTURE_TOKEN}` } })
    const make = new Make(api)
    try {
      await provide(make)
    } finally {
      await make.removeAll()
      await api.dispose()
    }
  },
  login: async ({ page, make }, provide) => {
    await provide(async ({ org, page: target = page, ...o }) => {
      const person = await make.member({ ...o, orgId: org?.id })
      await signIn(target, person)
      return person
    })
  },
})

export { expect }

/** A live, a scheduled and a closed tender of the officer's organisation, the supplier invited to each. */
export async function threeTenders(make: Make, buyerOrgId: string, supplierOrgId: string) {
  return [
    await make.tender({ buyerOrgId, suppliers: [supplierOrgId], status: 'live', lots: [{ item: 'Кабель e2e' }, { item: 'Провод e2e' }] }),
    await make.tender({ buyerOrgId, suppliers: [supplierOrgId], status: 'scheduled' }),
    await make.tender({ buyerOrgId, suppliers: [supplierOrgId], status: 'closed', startsInMs: -7_200_000, durationMs: 600_000 }),
  ]
}

export async function logout(page: Page) {
  await page.locator('header form[action="/logout"] button').click()
  await expect(page).toHaveURL(/\/login$/)
}

/**
 * Page errors and console errors while a test runs, for `expect(problems).toEqual([])` at its end. `ignore` is for
 * errors a test causes on purpose (a socket it cuts, a request it expects refused).
 */
export function watchErrors(page: Page, ignore?: RegExp, label = '') {
  const problems: string[] = []
  const where = () => `${label ? `${label} ` : ''}${page.url()}`
  page.on('pageerror', (e) => problems.push(`${where()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore?.test(m.text())) problems.push(`${where()}: ${m.text()}`)
  })
  return problems
}
