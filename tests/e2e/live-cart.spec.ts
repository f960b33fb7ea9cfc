import { expect, test } from '@playwright/test'
import { loginAs } from '../playwright-utils'

// Live stock reaches an open cart: the buyer's page updates itself when operator staff change the stock.
test('an open cart shows a stock change made on the desk, without a reload', async ({ browser }) => {
  const buyer = await browser.newContext()
  const staff = await browser.newContext()
  const cart = await buyer.newPage()
  await loginAs(cart, 'admin@vector.demo')
  await cart.goto('/quick-order')
  await cart.getByLabel('Строки заказа').fill('SOC-0301\t10')
  await cart.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(cart.getByRole('status').first()).toContainText('В корзину добавлена 1 строка.')
  await cart.goto('/cart')
  await expect(cart.getByRole('row', { name: /SOC-0301/ })).toBeVisible()
  // Give the page's socket a moment to connect before the change happens.
  await cart.waitForTimeout(500)

  const desk = await staff.newPage()
  // Not the sales manager: the order journey, which may run beside this test, switches that login to English.
  await loginAs(desk, 'admin@technosnab.demo')
  await desk.goto('/desk/catalog?q=SOC-0301')
  await desk.getByRole('link', { name: 'SOC-0301' }).click()
  for (const warehouse of ['MSK', 'EKB']) {
    const form = desk.getByRole('form', { name: `Остаток на складе ${warehouse}` })
    await form.getByLabel('Доступно к заказу').fill('0')
    await form.getByLabel('Количество в поступлении').fill('0')
    await form.getByRole('button', { name: 'Сохранить' }).click()
    await expect(desk.getByRole('status')).toContainText('Изменения сохранены.')
  }

  await expect(cart.locator('[data-live-updated="yes"]')).toContainText('Цены или остатки изменились')
  await expect(cart.getByRole('row', { name: /SOC-0301/ })).toContainText('Нет в таком количестве')
  await buyer.close()
  await staff.close()
})
