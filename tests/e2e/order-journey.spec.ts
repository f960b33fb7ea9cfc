import { expect, test, type Page } from '@playwright/test'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { loginAs, logout } from '../playwright-utils'

// The whole dealer journey of the extranet issue, in a real browser: search, the price explained, 20 lines pasted
// into quick order with the rejected ones fixed, requested dates, the order placed; operator staff confirm it with
// other dates (in English); the buyer sees them beside the requested ones and reorders.

const today = new Date().toISOString().slice(0, 10)
const orderDate = nextWorkingDayOnOrAfter(addDays(today, 21), ruCalendar)
const lineDate = nextWorkingDayOnOrAfter(addDays(today, 28), ruCalendar)
const confirmedDate = nextWorkingDayOnOrAfter(addDays(today, 35), ruCalendar)
let weekend = addDays(today, 22)
while (ruCalendar.isWorkingDay(weekend)) weekend = addDays(weekend, 1)

// 18 valid lines (products in stock, quantities by the rules) and two broken ones.
const valid = [
  ...['BRE-0102', 'BRE-0103', 'BRE-0104', 'BRE-0105', 'BRE-0106', 'BRE-0107', 'BRE-0108'].map((s) => `${s}\t2`),
  ...['ENC-0101', 'ENC-0102', 'ENC-0103', 'ENC-0104', 'ENC-0105', 'ENC-0201'].map((s) => `${s}\t1`),
  ...['TOO-0101', 'TOO-0102', 'TOO-0103', 'TOO-0104', 'TOO-0105'].map((s) => `${s}\t1`),
]
const paste = [...valid.slice(0, 9), 'NOPE-404\t1', ...valid.slice(9), 'CAB-0102\t70'].join('\n')

const menu = (page: Page) => page.getByRole('navigation', { name: /Основное меню|Main menu/ })

test('a buyer orders with requested dates, the desk confirms other dates, the buyer sees them and reorders', async ({ page }) => {
  test.setTimeout(90_000)
  await loginAs(page, 'buyer@sib-electro.demo')

  // Search and the price explained.
  await menu(page).getByRole('link', { name: 'Каталог' }).click()
  await page.getByLabel('Артикул, штрихкод, название или ваш номер').fill('мультиметр')
  await page.getByRole('button', { name: 'Найти' }).click()
  await page.getByRole('link', { name: 'Мультиметр цифровой DT-830B', exact: true }).click()
  await expect(page.getByText('Почему такая цена')).toBeVisible()
  await expect(page.locator('.trace li').first()).toContainText('применён')

  // Twenty lines pasted; two refused with their reasons; fixed and sent again.
  await menu(page).getByRole('link', { name: 'Быстрый заказ' }).click()
  await page.getByLabel('Строки заказа').fill(paste)
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлено 18 строк.')
  await expect(page.getByRole('cell', { name: 'Такого артикула нет.' })).toBeVisible()
  await expect(page.getByRole('cell', { name: /Не кратно упаковке. Подойдёт 100./ })).toBeVisible()
  await page.getByLabel('Исправьте отклонённые строки и отправьте снова').fill('CAB-0102\t100')
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлена 1 строка.')

  // The cart shows the terms and the dates; checkout.
  await menu(page).getByRole('link', { name: 'Корзина' }).click()
  await expect(page.locator('tbody code')).toHaveCount(19)
  // CPT with freight prepaid by the supplier: included, said as such (not a "free delivery" to reach).
  await expect(page.getByText('Доставляет поставщик за свой счёт; в счёт доставка не добавляется.')).toBeVisible()
  await expect(page.getByRole('row', { name: /Доставка/ })).toContainText('включена: за счёт поставщика')
  await page.getByRole('link', { name: 'Оформить заказ' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оформление заказа')
  await expect(page.getByText('CPT')).toBeVisible()

  // A weekend is refused next to the field, with the next working day named; then a working day.
  await page.getByLabel('Желаемая дата поставки').fill(weekend)
  await page.getByRole('button', { name: 'Разместить заказ' }).click()
  await expect(page.getByText(/Нерабочий день: ближайший рабочий/)).toBeVisible()
  await expect(page.getByLabel('Желаемая дата поставки')).toHaveAttribute('aria-invalid', 'true')
  await page.getByLabel('Желаемая дата поставки').fill(orderDate)
  await page.getByLabel('Желаемая дата для TOO-0101').fill(lineDate)
  await page.getByLabel('Номер заказа покупателя (PO)').fill('PO-E2E-1')
  await page.getByRole('button', { name: 'Разместить заказ' }).click()
  await expect(page.getByRole('status')).toContainText(/Заказ \d{4}-\d{6} размещён/)
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Заказ ', '')
  await expect(page.locator(`time[datetime="${lineDate}"]`)).toBeVisible()
  await logout(page)

  // Operator staff, in English, confirm one line with a later date and fewer units.
  await loginAs(page, 'sales@technosnab.demo')
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await menu(page).getByRole('link', { name: 'Order desk' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${number}`)
  await page.getByLabel('Confirmed date for TOO-0101').fill(confirmedDate)
  await page.getByLabel('Confirmed quantity for BRE-0102').fill('1')
  await page.getByLabel('Unconfirmed rest of BRE-0102').selectOption({ label: 'Backorder: confirm later' })
  await page.getByLabel('Note for the buyer').fill('TOO-0101 arrives a week later')
  await page.getByRole('button', { name: 'Confirm the order' }).click()
  await expect(page.getByRole('status')).toContainText('Confirmation saved.')
  await expect(page.locator('.status').first()).toHaveText('Partly confirmed')
  await page.getByRole('button', { name: 'Переключить на русский' }).click()
  await logout(page)

  // The buyer sees the confirmed dates beside the requested ones, and reorders after seeing what changed.
  await loginAs(page, 'buyer@sib-electro.demo')
  await menu(page).getByRole('link', { name: 'Заказы' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.locator('.status').first()).toHaveText('Подтверждён частично')
  await expect(page.getByRole('row', { name: /BRE-0102/ }).first()).toContainText('1 шт. не подтверждено — в дозаказе')
  const row = page.getByRole('row', { name: /TOO-0101/ })
  await expect(row.locator(`time[datetime="${lineDate}"]`)).toBeVisible()
  await expect(row.locator(`time[datetime="${confirmedDate}"]`)).toBeVisible()
  await expect(page.getByText('TOO-0101 arrives a week later')).toBeVisible()
  await page.getByRole('link', { name: 'Повторить заказ' }).click()
  await expect(page.getByRole('heading', { name: 'Повтор заказа: что изменилось с тех пор' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'без изменений' }).first()).toBeVisible()
  await page.getByRole('button', { name: /Добавить 19 строк в корзину/ }).click()
  await expect(page.getByText('В корзину добавлено 19 строк.')).toBeVisible()
})
