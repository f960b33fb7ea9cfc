import type { Page } from '@playwright/test'
import { expect, signIn, test, threeTenders, watchErrors } from '../playwright-utils'

// Every page built for the extranet renders on the server and then hydrates in the browser without an error: a
// server-only value reaching a component, or markup that differs between the two, breaks the page for people.
async function visit(page: Page, paths: string[]) {
  const problems = watchErrors(page)
  for (const path of paths) {
    await page.goto(path)
    await expect(page.locator('h1').first()).toBeVisible()
    // Hydration runs after load; give React its turn before moving on.
    await page.waitForLoadState('networkidle')
  }
  expect(problems).toEqual([])
}

/** The first `count` links a list page shows (at least one must be there). */
async function links(page: Page, list: string, selector: string, count: number) {
  await page.goto(list)
  const hrefs = await page.locator(selector).evaluateAll((as) => as.map((a) => a.getAttribute('href')!))
  expect(hrefs.length).toBeGreaterThanOrEqual(1)
  return [...new Set(hrefs)].slice(0, count)
}

// A browser outside UTC is the common case (Moscow); UTC is kept as the case a server-side test would see.
for (const timezoneId of ['Europe/Moscow', 'UTC']) {
  test.describe(`in ${timezoneId}`, () => {
    test.use({ timezoneId })
    test('buyer pages hydrate without errors', async ({ page, make, login }) => {
      const person = await login({ role: 'dealer_admin' })
      const product = await make.product({ nameRu: 'Кабель силовой e2e', prices: [[1, 250_00]], forOrgIds: [person.org.id], stock: [{ atp: 100 }] })
      const order = await make.order({ orgId: person.org.id, userId: person.user.id, lines: [{ productId: product.id, qty: 2 }] })
      // "кабль": a typo the search still answers.
      await visit(page, [
        '/',
        '/catalog',
        '/catalog?q=кабль',
        `/catalog/${product.sku}`,
        '/quick-order',
        '/cart',
        '/orders',
        '/account/sessions',
        '/org/users',
      ])
      await visit(page, [`/orders/${order.id}`, ...(await links(page, '/orders', 'table a[href^="/orders/"]', 2))])
    })

    test('operator pages hydrate without errors', async ({ page, login }) => {
      await login({ role: 'operator_admin' })
      await visit(page, [
        '/desk/orders',
        '/desk/catalog',
        '/desk/catalog/new',
        '/desk/catalog/import',
        '/desk/catalog/reference',
        '/desk/prices',
        '/desk/prices/new',
        '/admin/organisations',
        '/admin/users',
        '/admin/audit',
        '/account/sessions',
      ])
      await visit(page, await links(page, '/desk/catalog/import', 'table a[href^="/desk/catalog/import/"]', 1))
      await visit(page, await links(page, '/desk/orders', 'table a[href^="/desk/orders/"]', 2))
    })

    test('tender pages hydrate without errors, for the buyer and for a supplier', async ({ page, browser, make, login }) => {
      const officer = await login({ role: 'procurement_officer' })
      const bidder = await make.member({ role: 'supplier_admin' })
      const made = await threeTenders(make, officer.org.id, bidder.org.id)
      await visit(page, ['/desk/tenders', '/desk/tenders/new'])
      const tenderLinks = await page
        .goto('/desk/tenders')
        .then(() => page.locator('table a[href^="/desk/tenders/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))
      for (const t of made) expect(tenderLinks).toContain(`/desk/tenders/${t.id}`)
      await visit(
        page,
        made.map((t) => `/desk/tenders/${t.id}`),
      )
      const context = await browser.newContext({ timezoneId, locale: 'ru-RU' })
      const supplier = await context.newPage()
      await signIn(supplier, bidder)
      const invited = await supplier
        .goto('/tenders')
        .then(() => supplier.locator('table a[href^="/tenders/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))
      expect(invited.sort()).toEqual(made.map((t) => `/tenders/${t.id}`).sort())
      await visit(supplier, ['/tenders', ...invited])
      await context.close()
    })

    test('CRM pages hydrate without errors, for a sales manager on the demo', async ({ page, login }) => {
      test.setTimeout(60_000)
      await login({ role: 'sales_manager' })
      await visit(page, [
        '/crm',
        '/crm/customers',
        '/crm/tasks',
        '/crm/pipeline',
        '/crm/pipeline/report',
        '/crm/segments',
        '/crm/segments/margins',
        '/crm/forecasts',
        '/crm/recommendations',
        '/crm/duplicates',
        '/crm/surveys',
      ])
      const [card] = await links(page, '/crm/customers?q=Вектор', 'table a[href^="/crm/customers/"]', 1)
      await visit(page, [card!, `${card}/offers`, `${card}/forecast`, `${card}/service`])
      await visit(page, await links(page, '/crm/surveys', 'table a[href^="/crm/surveys/"]', 2))
    })
  })
}
