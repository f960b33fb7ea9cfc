import fs from 'node:fs/promises'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { loginAs, text } from '../playwright-utils'

// The journey: the procurement officer (in English) creates a tender and starts it; two suppliers in two
// browser contexts (one in Russian, one in English) accept the terms and bid live; a bid in the last minute moves
// the end and both see why; the lot closes on the server's clock; the officer awards it; each supplier downloads its
// own report. Lots run at least a minute, so this journey takes about two.

test.setTimeout(240_000)

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext()
  const page = await context.newPage()
  await loginAs(page, email)
  return page
}

async function bid(page: Page, locale: 'ru' | 'en', amount: string) {
  await page.getByLabel(text(locale, 'auction.yourBid', { currency: 'RUB' })).fill(amount)
  await page.getByRole('button', { name: text(locale, 'auction.review') }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: text(locale, 'auction.confirm') }).click()
  await expect(page.locator('[data-bid-accepted]')).toBeVisible()
}

test('a buyer runs a tender with two suppliers bidding live, in both languages', async ({ browser }) => {
  const buyer = await signedIn(browser, 'procurement@technosnab.demo')
  await buyer.goto('/desk/tenders/new')
  const title = `Кабель КГ 3×4 · e2e ${Date.now()}`
  await buyer.getByLabel(text('en', 'tenders.name')).fill(title)
  await buyer.getByLabel(text('en', 'tenders.terms')).fill('Prices exclude VAT. DAP Podolsk.')
  await buyer.getByLabel(text('en', 'tenders.duration')).fill('1')
  await buyer.getByLabel(text('en', 'tenders.softWindow')).fill('1')
  await buyer.getByLabel(text('en', 'tenders.softExtension')).fill('1')
  await buyer.getByLabel(text('en', 'tenders.maxExtensions')).fill('1')
  await buyer.getByRole('button', { name: text('en', 'common.save') }).click()
  await expect(buyer).toHaveURL(/\/desk\/tenders\/[0-9a-f-]{36}$/)
  const tenderUrl = new URL(buyer.url()).pathname
  const tenderId = tenderUrl.split('/').pop()!

  // A lot with a mistake first: the field says what is wrong.
  await buyer.getByLabel(text('en', 'tenders.item')).fill('Кабель КГ 3×4')
  await buyer.getByLabel(text('en', 'tenders.quantity')).fill('2000')
  await buyer.getByLabel(text('en', 'tenders.startPrice')).fill('100 000,005')
  await buyer.getByRole('button', { name: text('en', 'tenders.addLot') }).click()
  await expect(buyer.getByText(text('en', 'tenders.error.price'))).toBeVisible()
  await buyer.getByLabel(text('en', 'tenders.startPrice')).fill('100 000')
  await buyer.getByRole('button', { name: text('en', 'tenders.addLot') }).click()
  await expect(buyer.getByRole('cell', { name: 'Кабель КГ 3×4' })).toBeVisible()
  await buyer.getByLabel('ПромКабель').check()
  await buyer.getByLabel('Astana Components').check()
  await buyer.getByRole('button', { name: text('en', 'tenders.saveInvitations') }).click()
  await expect(buyer.getByText(text('en', 'common.saved'))).toBeVisible()
  await buyer.getByRole('button', { name: text('en', 'tenders.startNow') }).click()
  await expect(buyer.locator('[data-status="live"]')).toBeVisible({ timeout: 10_000 })
  await expect(buyer.locator('[data-tender-status="live"]')).toBeVisible()

  // Two suppliers, two languages: accept the terms, check the connection, bid. The Russian supplier's live
  // connection runs through a switch the test can turn off, as a corporate proxy or a train tunnel would.
  const ru = await signedIn(browser, 'bids@promcable.demo')
  let blocked = false
  const open: { close: () => Promise<void> }[] = []
  await ru.routeWebSocket(/\/socket\.io\//, async (ws) => {
    if (blocked) return ws.close()
    ws.connectToServer()
    open.push(ws)
  })
  const en = await signedIn(browser, 'bids@astana-components.demo')
  for (const [page, locale] of [
    [ru, 'ru'],
    [en, 'en'],
  ] as const) {
    await page.goto(`/tenders/${tenderId}`)
    await page.getByRole('button', { name: text(locale, 'tenders.acceptTerms') }).click()
    await expect(page.locator('[data-status="live"]')).toBeVisible()
    await expect(page.locator('[data-connection="online"]')).toBeVisible()
  }

  // The first lead falls inside the last minute: the end moves, and both rooms say why.
  await bid(ru, 'ru', '99 500')
  await expect(ru.locator('[data-own-rank="1"]')).toBeVisible()
  await expect(ru.getByText(text('ru', 'auction.extensions', { count: 1 }))).toBeVisible()
  await expect(en.getByText(text('en', 'auction.extensions', { count: 1 }))).toBeVisible()
  // A fat finger is caught before it is sent.
  await en.getByLabel(text('en', 'auction.yourBid', { currency: 'RUB' })).fill('50 000')
  await en.getByRole('button', { name: text('en', 'auction.review') }).click()
  await expect(en.locator('.big-drop')).toBeVisible()
  await en.getByRole('button', { name: text('en', 'auction.change') }).click()
  await bid(en, 'en', '99 000')
  await expect(en.locator('[data-own-rank="1"]')).toBeVisible()
  await expect(ru.getByText(text('ru', 'auction.outbid'))).toBeVisible()
  await expect(ru.locator('[data-own-rank="2"]')).toBeVisible()

  // The live connection drops: the room says so, and a bid still goes through, over plain HTTPS.
  blocked = true
  for (const ws of open.splice(0)) await ws.close()
  await expect(ru.getByText(text('ru', 'auction.offline'))).toBeVisible()
  await bid(ru, 'ru', '98 500')
  await expect(ru.locator('[data-own-rank="1"]')).toBeVisible()
  // Meanwhile the English supplier takes the lead back; when the connection returns, the room catches up.
  await bid(en, 'en', '98 000')
  blocked = false
  await expect(ru.getByText(/Связи не было \d+ с, получено \d+/)).toBeVisible({ timeout: 20_000 })
  await expect(ru.locator('[data-own-rank="2"]')).toBeVisible()

  // The buyer saw both bids arrive, with who placed them.
  await expect(buyer.getByRole('cell', { name: 'ПромКабель' })).toHaveCount(2)
  await expect(buyer.getByRole('cell', { name: 'Astana Components' })).toHaveCount(2)

  // The server's clock closes the lot; every screen follows.
  await expect(buyer.locator('[data-status="closed"]')).toBeVisible({ timeout: 150_000 })
  await expect(ru.locator('[data-status="closed"]')).toBeVisible()
  await expect(buyer.locator('[data-tender-status="closed"]')).toBeVisible()
  await buyer.reload()
  await buyer.getByRole('button', { name: text('en', 'auction.awardConfirm') }).click()
  await expect(buyer.locator('[data-awarded="Astana Components"]')).toBeVisible()
  await expect(en.getByText(text('en', 'auction.awardedOwn'))).toBeVisible()
  await expect(ru.getByText(text('ru', 'auction.awardedOther'))).toBeVisible()

  // Each supplier downloads its own report: its bids and rank, nobody else's name.
  for (const [page, locale, ownRank, other] of [
    [ru, 'ru', 2, 'Astana'],
    [en, 'en', 1, 'ПромКабель'],
  ] as const) {
    await page.reload()
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: text(locale, 'tenders.ownReport') }).click()
    const body = await fs.readFile(await (await download).path(), 'utf8')
    expect(body).toContain('Кабель КГ 3×4')
    expect(body).toContain(text(locale, 'tenderReport.rankOf', { rank: ownRank, count: 2 }))
    expect(body).not.toContain(other)
  }
  // And the buyer the protocol.
  const protocol = buyer.waitForEvent('download')
  await buyer.getByRole('link', { name: text('en', 'tenders.protocolCsv') }).click()
  expect(await fs.readFile(await (await protocol).path(), 'utf8')).toContain('Astana Components')
})
