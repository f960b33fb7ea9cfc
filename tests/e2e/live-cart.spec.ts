import { expect, signIn, test } from '../playwright-utils'

// Live stock reaches an open cart: the buyer's page updates itself when operator staff change the stock.
test('an open cart shows a stock change made on the desk, without a reload', async ({ browser, make }) => {
  const dealer = await make.member({ role: 'dealer_admin' })
  const staffer = await make.member({ role: 'operator_admin' })
  // A product in two warehouses, on the dealer's list.
  const product = await make.product({
    skuPrefix: 'SOC',
    prices: [[1, 90_00]],
    forOrgIds: [dealer.org.id],
    stock: [{ atp: 40, nextReceiptQty: 20 }, { atp: 30 }],
  })
  const sku = product.sku
  const buyer = await browser.newContext()
  const staff = await browser.newContext()
  const cart = await buyer.newPage()
  await signIn(cart, dealer)
  await cart.goto('/quick-order')
  await cart.getByLabel('Строки заказа').fill(`${sku}\t10`)
  await cart.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(cart.getByRole('status').first()).toContainText('В корзину добавлена 1 строка.')
  await cart.goto('/cart')
  await expect(cart.getByRole('row', { name: new RegExp(sku) })).toBeVisible()
  // Give the page's socket a moment to connect before the change happens.
  await cart.waitForTimeout(500)

  const desk = await staff.newPage()
  await signIn(desk, staffer)
  await desk.goto(`/desk/catalog?q=${sku}`)
  await desk.getByRole('link', { name: sku }).click()
  for (const warehouse of product.warehouses.map((w) => w.code)) {
    const form = desk.getByRole('form', { name: `Остаток на складе ${warehouse}` })
    await form.getByLabel('Доступно к заказу').fill('0')
    await form.getByLabel('Количество в поступлении').fill('0')
    await form.getByRole('button', { name: 'Сохранить' }).click()
    await expect(desk.getByRole('status')).toContainText('Изменения сохранены.')
  }

  await expect(cart.locator('[data-live-updated="yes"]')).toContainText('Цены или остатки изменились')
  await expect(cart.getByRole('row', { name: new RegExp(sku) })).toContainText('Нет в таком количестве')
  await buyer.close()
  await staff.close()
})
