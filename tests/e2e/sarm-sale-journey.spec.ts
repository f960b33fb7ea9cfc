import { DEMO_PASSWORD } from '../../db/demo-data'
import type { Page } from '@playwright/test'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 14 on a phone: the demo assistant reports a sale, the shop's manager confirms it, and the assistant's
// progress to the norm of the running bonus programme moves by the units sold — the whole way through the pages.

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

const progress = /Продано (\d+) шт\. из нормы (\d+)/

async function unitsSold(page: Page) {
  await page.goto('/assistant')
  const text = await page.getByText(progress).first().textContent()
  return Number(progress.exec(text ?? '')![1])
}

test('an assistant reports a sale, the shop manager confirms it, the bonus progress moves', async ({ page }) => {
  test.setTimeout(90_000)
  const problems = watchErrors(page)
  const receipt = `E2E-${Date.now().toString(36)}`

  await login(page, 'seller@vector.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  const before = await unitsSold(page)
  // A product of the programme: one the assistant has already sold and had confirmed this month.
  await page.goto('/assistant/sales')
  const confirmed = page.locator('li.sarm-sale-confirmed').first()
  const sku = (await confirmed.locator('.sarm-sale-head .muted').textContent())!.trim()

  await page.goto('/assistant')
  await page.getByRole('link', { name: 'Сообщить о продаже' }).first().click()
  await page.waitForURL('**/assistant/sales/new')
  await page.getByRole('searchbox').fill(sku)
  await page.getByRole('button', { name: 'Найти', exact: true }).click()
  await page.waitForURL((url) => url.searchParams.get('q') === sku)
  await page.getByRole('radio', { name: new RegExp(sku) }).check()
  await page.getByLabel('Количество').fill('3')
  await page.getByLabel('Номер чека').fill(receipt)
  await page.getByRole('button', { name: 'Отправить', exact: true }).click()
  await page.waitForURL('**/assistant/sales?reported=1')
  await expect(page.getByText('Продажа отправлена управляющему на подтверждение.')).toBeVisible()
  await expect(page.locator('li.sarm-sale-pending', { hasText: receipt })).toBeVisible()
  // Not counted before the manager confirms it.
  expect(await unitsSold(page)).toBe(before)
  await page.context().clearCookies()

  await login(page, 'manager@vector.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto('/shops/reports?status=pending')
  await page.getByRole('checkbox', { name: `Выбрать ${receipt}` }).check()
  await page.getByRole('button', { name: 'Подтвердить отмеченные' }).click()
  await expect(page.getByText('Готово: 1 отч.')).toBeVisible()
  await page.goto('/shops/reports?status=confirmed')
  await expect(page.getByRole('row', { name: new RegExp(receipt) })).toContainText('Подтверждена')
  await page.context().clearCookies()

  await login(page, 'seller@vector.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  expect(await unitsSold(page)).toBe(before + 3)
  await page.goto('/assistant/sales')
  await expect(page.locator('li.sarm-sale-confirmed', { hasText: receipt })).toBeVisible()
  await page.waitForLoadState('networkidle')
  expect(problems).toEqual([])
})
