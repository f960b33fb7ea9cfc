import { expect, test } from '../playwright-utils'

// Issue 12's end-to-end: the key account's admin creates an API key in the web and copies the token from the page;
// its ERP posts an ORDERS with it; the message log shows it booked; the desk confirms the order; the ORDRSP is in
// the pull mailbox. Then the log at phone width.

/** A small EANCOM D.96A ORDERS naming the buyer's own article (PIA IN), from the profile's GLNs. */
function orders(o: { partnerGln: string; ourGln: string; ref: string; po: string; article: string }) {
  const body = [
    `UNH+1+ORDERS:D:96A:UN:EAN008`,
    `BGM+220+${o.po}+9`,
    `DTM+137:20261201:102`,
    `NAD+BY+${o.partnerGln}::9`,
    `NAD+SU+${o.ourGln}::9`,
    `LIN+1`,
    `PIA+5+${o.article}:IN`,
    `QTY+21:3`,
    `UNS+S`,
  ]
  return (
    `UNA:+.? '\n` +
    [`UNB+UNOC:3+${o.partnerGln}:14+${o.ourGln}:14+261201:1200+${o.ref}`, ...body, `UNT+${body.length + 1}+1`, `UNZ+1+${o.ref}`].join("'\n") +
    "'\n"
  )
}

test('a key is created on the page, an ORDERS posted with it is booked, the desk confirms, the ORDRSP is in the mailbox', async ({
  page,
  make,
  login,
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const admin = await login({ role: 'account_admin', locale: 'en' })
  const org = admin.org.id
  await make.terms({ orgId: org, terms: {}, shipTo: [{ name: 'DC e2e', address: 'Москва, склад 1', isDefault: true }] })
  const parties = await make.ediPartner({ orgId: org })
  const article = `ART-${org.slice(0, 8)}`
  await make.product({
    skuPrefix: 'EDI',
    prices: [[1, 99_00]],
    forOrgIds: [org],
    stock: [{ atp: 100 }],
    partNumber: { orgId: org, partNumber: article },
  })

  await page.goto('/org/api-keys')
  await page.getByLabel('Name', { exact: true }).fill('ERP e2e')
  await page.getByLabel('Send orders').check()
  await page.getByLabel('Receive documents').check()
  await page.getByRole('button', { name: 'Create key' }).click()
  await expect(page.getByText('It will not be shown again')).toBeVisible()
  const token = await page.locator('#new-token').inputValue()
  expect(token).toMatch(/^pk_[a-z2-7]{16}_[a-z2-7]{32}$/)
  await page.getByRole('button', { name: 'Copy' }).click()

  const po = `PO-E2E-${Date.now()}`
  const posted = await request.post('/api/v1/interchanges', {
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/edifact' },
    data: Buffer.from(orders({ ...parties, ref: String(Date.now()).slice(-9), po, article })),
  })
  expect(posted.status()).toBe(200)
  expect(await posted.text()).toContain('UCI+')

  await page.goto('/edi')
  const row = page.locator('tr', { hasText: po })
  await expect(row.getByText('Booked')).toBeVisible()
  await row.getByRole('link').first().click()
  const orderLink = page.locator('dd a[href^="/orders/"]')
  const number = (await orderLink.textContent())!.trim()

  // A sales manager, in a second browser, confirms the EDI order on the desk (the existing page).
  const desk = await (await browser.newContext()).newPage()
  await login({ role: 'sales_manager', locale: 'en', page: desk })
  await desk.goto('/desk/orders')
  await desk.getByRole('link', { name: number }).click()
  await desk.getByRole('button', { name: 'Confirm the order' }).click()
  await expect(desk.getByRole('status')).toContainText('Confirmation saved.')

  // The dispatcher turns the confirmation into an ORDRSP in the account's mailbox.
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/v1/messages', { headers: { Authorization: 'Bearer ' + token } })
        return JSON.stringify(await res.json())
      },
      { timeout: 30_000 },
    )
    .toContain('ORDRSP')
})

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } })
  test('the message log fits a 390 px screen', async ({ page, login }) => {
    await login({ role: 'account_admin' })
    await page.goto('/edi')
    await expect(page.locator('h1')).toBeVisible()
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, screen: window.innerWidth }))
    expect(widths.scroll).toBeLessThanOrEqual(widths.screen)
  })
})
