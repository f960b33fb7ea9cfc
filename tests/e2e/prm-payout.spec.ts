import crypto from 'node:crypto'
import { expect, logout, signIn, test, text, watchErrors } from '../playwright-utils'

// The payout journey in a real browser (issue 13 "Tests"): the period closes, the batch is approved by another
// person, the dealer reads its explained lines. The rebate programme counts only this test's own category, so the
// rebates other tests accrue at the same time neither add to this dealer's line nor take it.

test('the period closes, the batch is approved by another person, the dealer reads its explained lines', async ({ page, make }) => {
  test.setTimeout(90_000)
  const problems = watchErrors(page)
  const admin = await make.member({ role: 'dealer_admin' })
  const preparer = await make.member({ role: 'partner_manager' })
  const approver = await make.member({ role: 'partner_manager', orgId: preparer.org.id })
  const lamp = await make.product({ skuPrefix: 'RB', prices: [[1, 1_000_00]], forOrgIds: [admin.org.id], stock: [{ atp: 100 }] })
  // 10 × 1 000 ₽ delivered this quarter; 2.5 % from 5 000 ₽ → 250 ₽.
  const order = await make.order({ orgId: admin.org.id, userId: admin.user.id, lines: [{ productId: lamp.id, qty: 10 }] })
  await make.deliver({ orderIds: [order.id] })
  const tag = crypto.randomBytes(3).toString('hex')
  const nameRu = `Бонус за светильники ${tag}`
  const nameEn = `Lamp rebate ${tag}`
  const programme = await make.rebateProgramme({ categoryIds: [lamp.category.id], nameRu, nameEn, steps: [{ from: 5_000_00, rateBp: 250 }] })

  // Partner manager 1 closes the period: a last accrual, the dealer's line written.
  await signIn(page, preparer)
  await page.goto(`/desk/partners/rebates/${programme.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(nameRu)
  const period = page.getByRole('row').filter({ hasText: 'Открыт' })
  await expect(period).toHaveCount(1)
  await period.getByRole('button', { name: 'Закрыть период' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('дальнейшие изменения — только корректировками')
  await dialog.getByRole('button', { name: 'Закрыть период' }).click()
  await expect(page.getByRole('status')).toContainText('Начислено: новых 1')
  await expect(page.getByRole('row').filter({ hasText: 'Закрыт' })).toContainText(/250,00/)

  // …and takes the line into a payout batch.
  await page.goto(`/desk/partners/ledger?orgId=${admin.org.id}`)
  const line = page.getByRole('row').filter({ hasText: nameRu })
  await expect(line).toContainText('Начислено')
  await line.getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Собрать выплату из выбранных' }).click()
  await expect(page.getByRole('status')).toContainText(/Выплата B-\d{4}-\d{4} собрана: 1 начислений на 250,00/)
  const number = /B-\d{4}-\d{4}/.exec(await page.getByRole('status').innerText())![0]

  // The same person cannot approve it: the page says why and offers no button; the server refuses a post too.
  await page.goto('/desk/partners/payouts')
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${number}: Ждёт утверждения`)
  await expect(page.getByText('утвердить её должен другой менеджер (принцип четырёх глаз)')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Утвердить выплату' })).toHaveCount(0)
  const batchUrl = page.url()
  const refused = await page.request.post(batchUrl, { form: { intent: 'approve' }, headers: { origin: new URL(batchUrl).origin } })
  expect(refused.status()).toBe(409)
  await logout(page)

  // Partner manager 2 approves it.
  await signIn(page, approver)
  await page.goto(batchUrl)
  await expect(page.getByText(`Подготовил: ${preparer.user.displayName}`)).toBeVisible()
  await page.getByRole('button', { name: 'Утвердить выплату' }).click()
  await expect(page.getByRole('status')).toContainText('Выплата утверждена.')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${number}: Утверждена`)
  await logout(page)

  // The dealer's admin reads its line, explained: the rate, the basis, the period's step, the amount, the status.
  await signIn(page, admin)
  await page.goto('/programme/ledger')
  const own = page.getByRole('row').filter({ hasText: nameRu })
  await expect(own).toContainText('Утверждено')
  await expect(own).toContainText(number)
  await expect(own).toContainText(/Ретро-бонус 2,5\s%\sс поставок на 10\s000,00\s₽/)
  await expect(own).toContainText(/ступень от 5\s000,00\s₽\): 250,00\s₽/)
  await own.getByRole('link', { name: nameRu }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/250,00/)
  await expect(page.locator('dl')).toContainText('Утверждено')
  await expect(page.locator('dl')).toContainText(/Ретро-бонус 2,5\s%/)
  // Its history: accrued, taken into the payout, approved.
  await expect(page.getByRole('listitem').filter({ hasText: 'Включено в выплату' })).toHaveCount(1)
  await expect(page.getByRole('listitem').filter({ hasText: 'Выплата утверждена' })).toHaveCount(1)
  // The approval reached the dealer's admin in the inbox.
  await page.goto('/inbox')
  await expect(page.getByText(`Выплата ${number} утверждена`).first()).toBeVisible()
  await logout(page)

  // A colleague who reads the portal in English sees the same line in English.
  const viewer = await make.member({ role: 'dealer_viewer', orgId: admin.org.id, locale: 'en' })
  await signIn(page, viewer)
  await page.goto('/programme/ledger')
  const english = page.getByRole('row').filter({ hasText: nameEn })
  await expect(english).toContainText(text('en', 'ledger.status.approved'))
  await expect(english).toContainText(/Rebate of 2\.5\s?% on ₽?10,000\.00/)
  // Every page hydrated and moved on in the browser without an error.
  expect(problems).toEqual([])
})
