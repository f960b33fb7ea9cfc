import type { Page } from '@playwright/test'
import { expect, logout, signIn, test, watchErrors } from '../playwright-utils'

// Issue 10 items 2 and 12 in a real browser, in Moscow: the desk confirms 10 of 15 units of a dealer's waiting
// order with the rest backordered, and a line short with its rest cancelled (which asks first); the buyer
// sees the new total and the unconfirmed rest on the order page and in the list; the desk then cancels the order,
// and the dialog says what happens to the reserved stock.

test.use({ timezoneId: 'Europe/Moscow' })

const grossOf = async (page: Page) => (await page.locator('table.totals tr', { hasText: 'С НДС' }).locator('td').textContent())!.trim()

test('the desk confirms 10 of 15 (rest backordered) and cancels a rest; the buyer sees the new total and the rest; the desk cancels the order', async ({
  page,
  make,
}) => {
  test.setTimeout(90_000)
  const problems = watchErrors(page)
  // A dealer's order of two lines, waiting for confirmation: 15 of one product, 6 of another.
  const buyer = await make.member({ role: 'dealer_buyer' })
  const [a, b] = await Promise.all([1, 2].map(() => make.product({ prices: [[1, 75_00]], forOrgIds: [buyer.org.id], stock: [{ atp: 100 }] })))
  const order = await make.order({
    orgId: buyer.org.id,
    userId: buyer.user.id,
    lines: [
      { productId: a.id, qty: 15 },
      { productId: b.id, qty: 6 },
    ],
  })
  const staff = await make.member({ role: 'operator_admin' })
  await signIn(page, staff)
  await page.goto(`/desk/orders?status=submitted&q=${order.number}`)
  await page.getByRole('link', { name: order.number }).click()
  // Read the heading only once the order page is there (the list's own heading is "Стол заказов").
  await page.waitForURL(new RegExp(`/desk/orders/${order.id}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Заказ ')
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Заказ ', '')
  expect(number).toBe(order.number)
  await expect(page.locator('.status').first()).toHaveText('Ждёт подтверждения')
  const grossBefore = await grossOf(page)

  // The line of 15: 10 confirmed, the rest backordered; the other line: two fewer, that rest cancelled.
  const rows = page.locator('form#confirm tbody tr')
  await expect(rows).toHaveCount(2)
  const skus: string[] = []
  let fifteen = ''
  for (let i = 0; i < 2; i++) {
    const row = rows.nth(i)
    const sku = (await row.locator('code').textContent())!
    skus.push(sku)
    const ordered = Number((await row.locator('td').nth(1).textContent())!.replace(/\D/g, ''))
    if (ordered === 15) {
      fifteen = sku
      await page.getByLabel(`Подтверждённое количество для ${sku}`).fill('10')
      await page.getByLabel(`Неподтверждённый остаток ${sku}`).selectOption({ label: 'В дозаказ: подтвердим позже' })
    } else {
      await page.getByLabel(`Подтверждённое количество для ${sku}`).fill(String(ordered - 2))
      await page.getByLabel(`Неподтверждённый остаток ${sku}`).selectOption({ label: 'Отменить остаток' })
    }
  }
  expect(fifteen).toBe(a.sku)
  const other = skus.find((s) => s !== fifteen)!
  // Cancelling a rest cannot be undone: the button asks, naming the line.
  await page.getByRole('button', { name: 'Подтвердить заказ' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText(`будет отменён безвозвратно (${other})`)
  await dialog.getByRole('button', { name: 'Подтвердить заказ' }).click()
  await expect(page.getByRole('status')).toContainText('Подтверждение сохранено.')
  await expect(page.locator('.status').first()).toHaveText('Подтверждён частично')
  await expect(page.getByText('5 шт. не подтверждено — в дозаказе').first()).toBeVisible()
  const grossAfter = await grossOf(page)
  expect(grossAfter).not.toBe(grossBefore)
  await logout(page)

  // The buyer: the list and the order page show the new total and the unconfirmed rest.
  await signIn(page, buyer)
  await page.goto('/orders')
  const row = page.getByRole('row', { name: new RegExp(number) })
  await expect(row).toContainText('Подтверждён частично')
  await expect(row).toContainText('5 шт. не подтверждено — в дозаказе')
  await expect(row).toContainText('2 шт. не подтверждено — отменено')
  await expect(row).toContainText(grossAfter)
  await row.getByRole('link', { name: number }).click()
  await expect(page.getByText('Подтверждена только часть заказа.')).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(fifteen) }).first()).toContainText('5 шт. не подтверждено — в дозаказе')
  await expect(page.getByRole('row', { name: new RegExp(other) }).first()).toContainText('2 шт. не подтверждено — отменено')
  expect(await grossOf(page)).toBe(grossAfter)
  await expect(page.locator('.timeline')).toContainText('Заказ подтверждён частично')
  await logout(page)

  // The desk cancels the order: the dialog says what happens to the reserved stock; "Не сейчас" changes nothing.
  await signIn(page, staff)
  await page.goto('/desk/orders?q=' + number)
  await page.getByRole('link', { name: number }).click()
  await page.getByLabel('Причина отмены (её увидит покупатель)').fill('Дилер отказался от заказа')
  await page.getByRole('button', { name: 'Отменить заказ' }).click()
  await expect(dialog).toContainText(`Заказ ${number} будет отменён, резерв`)
  await expect(dialog).toContainText('вернётся на склад')
  await dialog.getByRole('button', { name: 'Не сейчас' }).click()
  await expect(page.locator('.status').first()).toHaveText('Подтверждён частично')
  await page.getByRole('button', { name: 'Отменить заказ' }).click()
  await dialog.getByRole('button', { name: 'Отменить заказ' }).click()
  await expect(page.getByRole('status')).toContainText('Заказ отменён, резерв снят.')
  await expect(page.locator('.status').first()).toHaveText('Отменён')
  expect(problems).toEqual([])
})
