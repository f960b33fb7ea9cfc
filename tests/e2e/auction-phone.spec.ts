import type { Page } from '@playwright/test'
import { expect, signIn, test, threeTenders, watchErrors } from '../playwright-utils'

// Issue 10 item 15: on a phone (390 × 844, Moscow time) the procurement room scrolled sideways: the officer's bid
// log, the tender lists and the supplier's receipts were wider than the screen. Tables become labelled cards, so
// every page of the room fits the width. Read-only: it opens the tenders its fixtures made, accepts nothing.

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

async function fits(page: Page, paths: string[]) {
  const problems = watchErrors(page)
  for (const path of paths) {
    await page.goto(path)
    await expect(page.locator('h1').first()).toBeVisible()
    await page.waitForLoadState('networkidle')
    // Open what is folded (bid histories, receipts), so their tables are measured too.
    for (const d of await page.locator('details').all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true))
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }))
    expect(scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(client)
  }
  expect(problems).toEqual([])
}

const tenderLinks = (page: Page, prefix: string) =>
  page
    .locator(`main a[href^="${prefix}"]`)
    .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))].filter((h) => /[0-9a-f-]{36}$/.test(h)))

test("the officer's tenders and rooms fit a phone's width", async ({ page, make, login }) => {
  const officer = await login({ role: 'procurement_officer' })
  const supplier = await make.member({ role: 'supplier_admin' })
  const made = await threeTenders(make, officer.org.id, supplier.org.id)
  await page.goto('/desk/tenders')
  const links = await tenderLinks(page, '/desk/tenders/')
  for (const t of made) expect(links).toContain(`/desk/tenders/${t.id}`)
  await fits(page, ['/desk/tenders', '/desk/tenders/new', ...made.map((t) => `/desk/tenders/${t.id}`)])
})

test("the supplier's invitations and rooms fit a phone's width", async ({ page, make }) => {
  const officer = await make.member({ role: 'procurement_officer' })
  const supplier = await make.member({ role: 'supplier_admin' })
  const made = await threeTenders(make, officer.org.id, supplier.org.id)
  await signIn(page, supplier)
  await page.goto('/tenders')
  const links = await tenderLinks(page, '/tenders/')
  expect(links.sort()).toEqual(made.map((t) => `/tenders/${t.id}`).sort())
  await fits(page, ['/tenders', ...links])
})
