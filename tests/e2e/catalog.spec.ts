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
  await expect(page.getByRole('status')).toContainText('Самая ранняя доставка 100 м')
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
