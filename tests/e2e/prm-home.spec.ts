import type { Page } from '@playwright/test'
import { expect, logout, signIn, test, text, watchErrors } from '../playwright-utils'

// Issue 13, part "pages": the partner manager's home and the auction room's price curve render on a phone
// (390 px, Moscow time) in Russian and in English, hydrate without an error and never scroll sideways.

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

async function fitsWithoutErrors(page: Page, path: string, problems: string[]) {
  await page.goto(path)
  await expect(page.locator('h1').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  // The tables behind "show as table" are measured too.
  for (const d of await page.locator('details').all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true))
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  expect(scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(client)
  expect(problems).toEqual([])
}

for (const locale of ['ru', 'en'] as const) {
  test(`the partner manager's home renders in ${locale} on a phone`, async ({ page, login }) => {
    const problems = watchErrors(page)
    await login({ role: 'partner_manager', locale })
    await fitsWithoutErrors(page, '/desk/partners', problems)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(text(locale, 'partnersHome.title'))
    await expect(page.getByRole('navigation', { name: text(locale, 'nav.deskPartners') })).toBeVisible()
    // Every block is there, with data or its empty state; the charts are images with their names.
    for (const key of [
      'partnersHome.tiers.title',
      'partnersHome.apps.title',
      'partnersHome.deals.title',
      'partnersHome.rebates.title',
      'partnersHome.movers.title',
    ] as const)
      await expect(page.getByRole('heading', { level: 2, name: text(locale, key) })).toBeVisible()
    await expect(page.getByRole('link', { name: text(locale, 'partnersHome.deals.open') })).toHaveAttribute('href', '/desk/partners/deals')
    // The rebates chart: drawn with its twelve months in the table, or its empty state when nothing accrued yet.
    const rebates = page.locator('figure', { has: page.locator('figcaption', { hasText: text(locale, 'partnersHome.rebates.title') }) })
    await expect(rebates).toBeVisible()
    if (await rebates.getByRole('img').count()) {
      await expect(rebates.getByRole('img', { name: text(locale, 'partnersHome.rebates.title') })).toBeVisible()
      await expect(rebates.locator('details tbody tr')).toHaveCount(12)
    } else await expect(rebates).toContainText(text(locale, 'chart.empty'))
    // The ledger table is always there, one row per status.
    await expect(page.locator('section[aria-labelledby="home-rebates"] table.data-table.cards tbody tr')).toHaveCount(5)
  })
}

test("the auction room's price curve: the supplier's (ru) with its own bid, the officer's (en)", async ({ page, make }) => {
  const officer = await make.member({ role: 'procurement_officer', locale: 'en' })
  const supplier = await make.member({ role: 'supplier_admin', locale: 'ru' })
  const tender = await make.tender({ buyerOrgId: officer.org.id, suppliers: [supplier.org.id], status: 'live', lots: [{ item: 'Кабель e2e' }] })
  const problems = watchErrors(page)

  await signIn(page, supplier)
  await page.goto(`/tenders/${tender.id}`)
  // The fixture's invitation has its terms accepted already.
  await expect(page.locator('[data-lot="1"]')).toBeVisible()
  // One bid over plain HTTPS, as the page does when the socket is down.
  const res = await page.request.post(`/tenders/${tender.id}`, {
    form: { intent: 'bid', lotId: tender.lotIds[0]!, priceMinor: String(99_000_00), clientBidId: crypto.randomUUID() },
    headers: { origin: new URL(page.url()).origin },
  })
  expect(res.status()).toBe(200)
  await fitsWithoutErrors(page, `/tenders/${tender.id}`, problems)
  const own = page.locator('[data-curve="1"]')
  await expect(own.getByRole('img', { name: text('ru', 'curve.title', { lot: 1 }) })).toBeVisible()
  await expect(own.locator('circle.chart-dot title')).toHaveCount(1)
  await expect(own.locator('details')).toContainText('99 000,00')
  await logout(page)

  await signIn(page, officer)
  await fitsWithoutErrors(page, `/desk/tenders/${tender.id}`, problems)
  const desk = page.locator('[data-curve="1"]')
  await expect(desk.getByRole('img', { name: text('en', 'curve.title', { lot: 1 }) })).toBeVisible()
  // The buyer's curve: from the start price down to the bid, and the bid itself.
  await expect(desk.locator('path.chart-line')).toHaveCount(1)
  await expect(desk.locator('details')).toContainText('99,000.00')
})

// The desk's tier editor (issue 13 "Tiers"): on a phone, criteria rows come and go, a higher tier easier than a
// lower one is refused beside its field, and saving the demo ladder unchanged says so (the demo stays as it is).
test('the tier editor on a phone: rows added and removed, an easier higher tier refused beside its field', async ({ page, login }) => {
  const problems = watchErrors(page)
  await login({ role: 'partner_manager', locale: 'en' })
  await fitsWithoutErrors(page, '/desk/partners/programme', problems)
  await expect(page.getByRole('heading', { level: 2, name: text('en', 'tierEditor.title') })).toBeVisible()
  const gold = page.getByRole('group', { name: text('en', 'tierEditor.legend', { rank: 3, name: 'Gold' }) })
  const criterion = (n: number) => gold.getByRole('group', { name: text('en', 'tierEditor.criterion', { n }), exact: true })
  await expect(criterion(3)).toBeVisible()
  await gold.getByRole('button', { name: text('en', 'tierEditor.addCriterion') }).click()
  await expect(criterion(4)).toBeVisible()
  await criterion(4)
    .getByRole('button', { name: text('en', 'tierEditor.removeCriterion', { n: 4 }) })
    .click()
  await expect(criterion(4)).toHaveCount(0)

  const threshold = criterion(1).getByLabel(text('en', 'tierEditor.threshold'))
  await threshold.fill('100')
  await page.getByRole('button', { name: text('en', 'tierEditor.save') }).click()
  const message = text('en', 'tierEditor.error.easier.revenue_12m.gte', { value: 'Silver' })
  await expect(criterion(1).getByText(message)).toBeVisible()
  await expect(threshold).toHaveAttribute('aria-invalid', 'true')
  await expect(threshold).toHaveAccessibleDescription(new RegExp(message))

  await page.reload()
  await page.getByRole('button', { name: text('en', 'tierEditor.save') }).click()
  await expect(page.getByText(text('en', 'tierEditor.unchanged'))).toBeVisible()
  expect(problems).toEqual([])
})
