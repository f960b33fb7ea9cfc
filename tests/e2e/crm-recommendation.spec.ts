import { expect, test, watchErrors } from '../playwright-utils'

// Issue 15, "similar dealers buy" as the dealer's buyer meets it: the catalog's panel names each product with the
// reason in counts (8 of 11 similar dealers in class A who also buy the cable); one is put in the cart from the
// panel, and the cart then offers only the other; dismissed there, it is offered nowhere again.

test.use({ timezoneId: 'Europe/Moscow' })

test('a dealer sees a recommendation with its reason, orders one and dismisses the other', async ({ page, make, login }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  const buyer = await login({ role: 'dealer_buyer' })
  const product = (skuPrefix: string) => make.product({ skuPrefix, prices: [[1, 450_00]], forOrgIds: [buyer.org.id], stock: [{ atp: 500 }] })
  const [cable, lamp, socket] = [await product('CAB'), await product('LMP'), await product('SCK')]
  await make.crmRecommendation({ orgId: buyer.org.id, productId: lamp.id, antecedentId: cable.id })
  await make.crmRecommendation({ orgId: buyer.org.id, productId: socket.id, antecedentId: cable.id })

  await page.goto('/catalog')
  const panel = page.getByRole('complementary', { name: 'Похожие дилеры покупают' })
  const item = (name: string) => panel.getByRole('listitem').filter({ hasText: name })
  await expect(panel.getByRole('listitem')).toHaveCount(2)
  await expect(item(lamp.nameRu)).toContainText(
    `Покупают 8 из 11 похожих дилеров вашей группы (класс A), которые покупают и «${cable.nameRu}»: уверенность 73 %, в 1,5 раза чаще обычного для группы (обычно покупают 10 из 20).`,
  )
  await item(lamp.nameRu).getByRole('button', { name: 'В корзину' }).click()
  await expect(item(lamp.nameRu).getByText(/^В корзину добавлено 1 /)).toBeVisible()

  // The cart holds the lamp, so it offers only the socket; dismissed, the panel goes and stays gone.
  await page.goto('/cart')
  await expect(page.getByRole('button', { name: `Удалить ${lamp.sku} из корзины` })).toBeVisible()
  await expect(panel.getByRole('listitem')).toHaveCount(1)
  await expect(item(socket.nameRu)).toContainText(`«${cable.nameRu}»`)
  await item(socket.nameRu)
    .getByRole('button', { name: `Больше не предлагать «${socket.nameRu}»` })
    .click()
  await expect(panel).toHaveCount(0)
  await page.reload()
  await expect(panel).toHaveCount(0)
  await page.goto('/catalog')
  await expect(panel.getByRole('listitem')).toHaveCount(1)
  await expect(item(socket.nameRu)).toHaveCount(0)
  expect(problems).toEqual([])
})
