import { expect, test } from '@playwright/test'
import { loginAs, logout } from '../playwright-utils'

test('a dealer buyer finds a product by their own part number and sees why the price is what it is', async ({ page }) => {
  await loginAs(page, 'buyer@vector.demo')
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Каталог' }).click()
  await page.getByLabel('Артикул, штрихкод, название или ваш номер').fill('VK-1001')
  await page.getByRole('button', { name: 'Найти' }).click()
  await expect(page.getByText('Найден 1 товар')).toBeVisible()
  await page.getByRole('link', { name: 'Кабель ВВГнг-LS 2×1,5' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Кабель ВВГнг-LS 2×1,5')
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

test('the contract filter shows the dealer’s contract products only, and another dealer has none', async ({ page }) => {
  await loginAs(page, 'buyer@vector.demo')
  await page.goto('/catalog?inContract=on')
  await expect(page.locator('tbody tr').first()).toContainText('ваш договор')
  await logout(page)
  await loginAs(page, 'buyer@alfa-dealer.demo')
  await page.goto('/catalog?inContract=on')
  await expect(page.getByText('Найдено 0 товаров')).toBeVisible()
})

test('a buyer pastes lines from a spreadsheet, fixes the rejected ones and sees them in the cart', async ({ page }) => {
  await loginAs(page, 'admin@alfa-dealer.demo')
  await page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: 'Быстрый заказ' }).click()
  await page.getByLabel('Строки заказа').fill('LAM-0101\t20\nBRE-0102\t2\nNOPE-404\t1\nCAB-0101\t70')
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлено 2 строки.')
  await expect(page.getByRole('cell', { name: 'Такого артикула нет.' })).toBeVisible()
  await expect(page.getByRole('cell', { name: /Не кратно упаковке. Подойдёт 100./ })).toBeVisible()
  // The rejected lines come back in the box, with the suggested quantity filled in.
  const box = page.getByLabel('Исправьте отклонённые строки и отправьте снова')
  await expect(box).toHaveValue('NOPE-404\t1\nCAB-0101\t100')
  await box.fill('CAB-0101\t100')
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлена 1 строка.')
  await page.getByRole('link', { name: 'Перейти в корзину' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Корзина')
  // Lines added together are listed by SKU, later additions after them.
  await expect(page.locator('tbody code')).toHaveText(['BRE-0102', 'LAM-0101', 'CAB-0101'])
  await expect(page.getByRole('row', { name: /С НДС/ })).toContainText('₽')
})
