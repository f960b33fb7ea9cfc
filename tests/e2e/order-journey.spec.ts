import type { Page } from '@playwright/test'
import { addDays, nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { expect, logout, signIn, test } from '../playwright-utils'

// The whole dealer journey of the extranet issue, in a real browser: search, the price explained, 20 lines pasted
// into quick order with the rejected ones fixed, requested dates, the order placed; operator staff confirm it with
// other dates (in English); the buyer sees them beside the requested ones and reorders.

const today = new Date().toISOString().slice(0, 10)
// Each a week after the one before, counted from the one before: counted from today, the New Year holidays can
// push two of them onto the same first working day (on 3 December 2026 both became 11 January 2027).
const orderDate = nextWorkingDayOnOrAfter(addDays(today, 21), ruCalendar)
const lineDate = nextWorkingDayOnOrAfter(addDays(orderDate, 7), ruCalendar)
const confirmedDate = nextWorkingDayOnOrAfter(addDays(lineDate, 7), ruCalendar)
let weekend = addDays(today, 22)
while (ruCalendar.isWorkingDay(weekend)) weekend = addDays(weekend, 1)

const menu = (page: Page) => page.getByRole('navigation', { name: /Основное меню|Main menu/ })

test('a buyer orders with requested dates, the desk confirms other dates, the buyer sees them and reorders', async ({ page, make }) => {
  test.setTimeout(90_000)
  // A dealer with CPT terms, freight prepaid by the supplier, and one delivery place.
  const buyer = await make.member({ role: 'dealer_buyer' })
  await make.terms({
    orgId: buyer.org.id,
    terms: { incoterm: 'CPT', namedPlace: 'Омск', freightTerms: 'prepaid', cutoff: '15:00' },
    shipTo: [{ name: 'Омск, склад e2e', address: 'Омск, ул. 10 лет Октября, 219', isDefault: true }],
  })
  const stocked = (skuPrefix: string, o: { nameRu?: string; unit?: string; packSize?: number } = {}) =>
    make.product({ skuPrefix, ...o, prices: [[1, 80_00]], forOrgIds: [buyer.org.id], stock: [{ atp: 1_000 }] })
  const meter = await stocked('TST', { nameRu: `Мультиметр цифровой e2e ${buyer.org.id.slice(0, 6)}` })
  // 18 valid lines (products in stock, quantities by the rules) and two broken ones.
  const skus: string[] = []
  for (const prefix of [...Array(7).fill('BRE'), ...Array(6).fill('ENC'), ...Array(5).fill('TOO')]) skus.push((await stocked(prefix)).sku)
  const drum = (await stocked('CAB', { unit: 'm', packSize: 50 })).sku
  const valid = skus.map((sku, i) => `${sku}\t${i < 7 ? 2 : 1}`)
  const paste = [...valid.slice(0, 9), 'NOPE-404\t1', ...valid.slice(9), `${drum}\t70`].join('\n')
  // The line given its own date, and the line the desk confirms short.
  const [short, dated] = [skus[0], skus[13]]
  await signIn(page, buyer)

  // Search and the price explained.
  await menu(page).getByRole('link', { name: 'Каталог' }).click()
  await page.getByLabel('Артикул, штрихкод, название или ваш номер').fill('мультиметр')
  await page.getByRole('button', { name: 'Найти' }).click()
  await page.getByRole('link', { name: meter.nameRu, exact: true }).click()
  await expect(page.getByText('Почему такая цена')).toBeVisible()
  await expect(page.locator('.trace li').first()).toContainText('применён')

  // Twenty lines pasted; two refused with their reasons; fixed and sent again.
  await menu(page).getByRole('link', { name: 'Быстрый заказ' }).click()
  await page.getByLabel('Строки заказа').fill(paste)
  await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click()
  await expect(page.getByRole('status')).toContainText('В корзину добавлено 18 строк.')
  await expect(page.getByRole('cell', { name: 'Такого артикула нет.' })).toBeVisible()
  await expect(page.getByRole('cell', { name: /Не кратно упаковке. Подойдёт 100./ })).toBeVisible()
  await page.getByLabel('Исправьте отклонённые строки и отправьте снова').fill(`${drum}\t100`)
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
  await page.getByLabel(`Желаемая дата для ${dated}`).fill(lineDate)
  await page.getByLabel('Номер заказа покупателя (PO)').fill('PO-E2E-1')
  await page.getByRole('button', { name: 'Разместить заказ' }).click()
  await expect(page.getByRole('status')).toContainText(/Заказ \d{4}-\d{6} размещён/)
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Заказ ', '')
  await expect(page.locator(`time[datetime="${lineDate}"]`)).toBeVisible()
  await logout(page)

  // Operator staff, in English, confirm one line with a later date and fewer units.
  await signIn(page, await make.member({ role: 'sales_manager' }))
  await page.getByRole('button', { name: 'Switch to English' }).click()
  await menu(page).getByRole('link', { name: 'Order desk' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Order ${number}`)
  await page.getByLabel(`Confirmed date for ${dated}`).fill(confirmedDate)
  await page.getByLabel(`Confirmed quantity for ${short}`).fill('1')
  await page.getByLabel(`Unconfirmed rest of ${short}`).selectOption({ label: 'Backorder: confirm later' })
  await page.getByLabel('Note for the buyer').fill(`${dated} arrives a week later`)
  await page.getByRole('button', { name: 'Confirm the order' }).click()
  await expect(page.getByRole('status')).toContainText('Confirmation saved.')
  await expect(page.locator('.status').first()).toHaveText('Partly confirmed')
  await page.getByRole('button', { name: 'Переключить на русский' }).click()
  await logout(page)

  // The buyer sees the confirmed dates beside the requested ones, and reorders after seeing what changed.
  await signIn(page, buyer)
  await menu(page).getByRole('link', { name: 'Заказы' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.locator('.status').first()).toHaveText('Подтверждён частично')
  await expect(page.getByRole('row', { name: new RegExp(short) }).first()).toContainText('1 шт. не подтверждено — в дозаказе')
  const row = page.getByRole('row', { name: new RegExp(dated) })
  await expect(row.locator(`time[datetime="${lineDate}"]`)).toBeVisible()
  await expect(row.locator(`time[datetime="${confirmedDate}"]`)).toBeVisible()
  await expect(page.getByText(`${dated} arrives a week later`)).toBeVisible()
  await page.getByRole('link', { name: 'Повторить заказ' }).click()
  await expect(page.getByRole('heading', { name: 'Повтор заказа: что изменилось с тех пор' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'без изменений' }).first()).toBeVisible()
  await page.getByRole('button', { name: /Добавить 19 строк в корзину/ }).click()
  await expect(page.getByText('В корзину добавлено 19 строк.')).toBeVisible()
})
