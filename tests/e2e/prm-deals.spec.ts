import crypto from 'node:crypto'
import { addDays } from '../../app/modules/prm/deal-rules'
import { withInnCheckDigits } from '../../app/modules/tenancy/tax-ids'
import { expect, logout, signIn, test } from '../playwright-utils'

// Deal registration in a real browser (issue 13): a dealer registers a deal, the partner manager approves it with a
// special price for one product, and the dealer then sees that price in its catalog.

const today = new Date().toISOString().slice(0, 10)

test('a dealer registers a deal, the partner manager approves it with a special price, the catalog shows it', async ({ page, make }) => {
  test.setTimeout(60_000)
  const buyer = await make.member({ role: 'dealer_buyer' })
  const manager = await make.member({ role: 'partner_manager' })
  const lamp = await make.product({ skuPrefix: 'DEAL', prices: [[1, 1_000_00]], forOrgIds: [buyer.org.id], stock: [{ atp: 100 }] })
  const inn = withInnCheckDigits(String(540_000_000 + crypto.randomInt(0, 99_999_999)).slice(0, 9))

  await signIn(page, buyer)
  await page.goto('/programme/deals/new')
  await page.getByLabel('ИНН заказчика').fill(inn)
  await page.getByLabel('Наименование заказчика').fill('ООО «Склад-Сервис»')
  await page.getByLabel('Регион').fill('Омская область')
  await page.getByLabel('Товары').fill(lamp.sku)
  await page.getByLabel('Ожидаемое количество').fill('25')
  await page.getByLabel('Ожидаемая сумма, ₽').fill('25 000')
  await page.getByLabel('Ожидаемая дата закрытия').fill(addDays(today, 40))
  await page.getByRole('button', { name: 'Зарегистрировать' }).click()
  await expect(page.getByRole('status')).toContainText('зарегистрирована и ждёт решения')
  const number = (await page.getByRole('heading', { level: 1 }).innerText()).replace('Сделка ', '').trim()
  await logout(page)

  await signIn(page, manager)
  await page.goto('/desk/partners/deals')
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByRole('cell', { name: /1\s000,00/ })).toBeVisible()
  await page.getByLabel(`Специальная цена, ₽ ${lamp.sku}`).fill('777')
  await page.getByRole('button', { name: 'Одобрить' }).click()
  await expect(page.getByRole('status')).toContainText('Сделка одобрена.')
  await logout(page)

  await signIn(page, buyer)
  await page.goto(`/catalog?q=${encodeURIComponent(lamp.sku)}`)
  await expect(page.getByText(/777,00/).first()).toBeVisible()
  await page.goto('/programme/deals')
  await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText('Одобрена')
})
