import { expect, logout, signIn, test } from '../playwright-utils'

/** A cable sold in 50 m drums, cheaper from 500 m, on the dealer's own list (its contract). */
const cable = (orgId: string, partNumber?: string) => ({
  skuPrefix: 'CAB',
  nameRu: `Кабель e2e ${Math.random().toString(36).slice(2, 8)}`,
  unit: 'm',
  packSize: 50,
  prices: [
    [1, 120_00],
    [500, 100_00],
  ] as [number, number][],
  forOrgIds: [orgId],
  stock: [{ atp: 5_000 }],
  partNumber: partNumber ? { orgId, partNumber } : undefined,
})

test('a dealer buyer finds a product by their own part number and sees why the price is what it is', async ({ page, make, login }) => {
  const person = await login({ role: 'dealer_buyer' })
  const partNumber = `VK-${Date.now() % 1_000_000}`
  const product = await make.product(cable(person.org.id, partNumber))
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Каталог' }).click()
  await page.getByLabel('Артикул, штрихкод, название или ваш номер').fill(partNumber)
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page.getByText('Найден 1 товар')).toBeVisible()
  await page.getByRole('link', { name: product.nameRu }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(product.nameRu)
  await expect(page.getByText('Почему такая цена')).toBeVisible()
  await expect(page.locator('.trace li').first()).toContainText('применён')

  // A quantity that breaks the pack rule is refused with the rule named, and one click rounds it.
  await page.getByLabel('Количество').fill('70')
  await page.getByRole('button', { name: 'Пересчитать' }).click()
  await expect(page.getByRole('alert')).toContainText('Заказывается упаковками по 50.')
  await page.getByRole('link', { name: 'Округлить до 100' }).click()
  await expect(page.getByRole('heading', { name: 'Цена за 100 м' })).toBeVisible()
  await expect(page.getByText(/Закажите ещё 400 м/)).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Самая ранняя доставка' })).toContainText('Самая ранняя доставка 100 м')
})

test('the contract filter shows the dealer’s contract products only, and another dealer has none', async ({ page, make, login }) => {
  const person = await login({ role: 'dealer_buyer' })
  const product = await make.product(cable(person.org.id))
  await page.goto('/catalog?inContract=on')
  await expect(page.locator('tbody tr')).toHaveCount(1)
  await expect(page.locator('tbody tr').first()).toContainText(product.sku)
  await expect(page.locator('tbody tr').first()).toContainText('ваш договор')
  await logout(page)
  await signIn(page, await make.member({ role: 'dealer_buyer' }))
  await page.goto('/catalog?inContract=on')
  await expect(page.getByText('Найдено 0 товаров')).toBeVisible()
})

test('a buyer pastes lines from a spreadsheet, fixes the rejected ones and sees them in the cart', async ({ page, make, login }) => {
  const person = await login({ role: 'dealer_admin' })
  const piece = (skuPrefix: string) => ({
    skuPrefix,
    prices: [[1, 50_00]] as [number, number][],
    forOrgIds: [person.org.id],
    stock: [{ atp: 1_000 }],
  })
  const lamp = (await make.product(piece('LAM'))).sku
  const breaker = (await make.product(piece('BRE'))).sku
  const drum = (await make.product(cable(person.org.id))).sku
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Быстрый заказ' }).click()
  await page.getByLabel('Строки заказа').fill(`${lamp}\t20\n${breaker}\t2\nNOPE-404\t1\n${drum}\t70`)
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлено 2 строки.')
  await expect(page.getByRole('cell', { name: 'Такого артикула нет.' })).toBeVisible()
  await expect(page.getByRole('cell', { name: /Не кратно упаковке. Подойдёт 100./ })).toBeVisible()
  // The rejected lines come back in the box, with the suggested quantity filled in.
  const box = page.getByLabel('Исправьте отклонённые строки и отправьте снова')
  await expect(box).toHaveValue(`NOPE-404\t1\n${drum}\t100`)
  await box.fill(`${drum}\t100`)
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлена 1 строка.')
  await page.getByRole('link', { name: 'Перейти в корзину' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Корзина')
  // Lines added together are listed by SKU, later additions after them.
  await expect(page.locator('tbody code')).toHaveText([breaker, lamp, drum])
  await expect(page.getByRole('row', { name: /С НДС/ })).toContainText('₽')
})
