import { expect, test, type Page } from '@playwright/test'
import { loginAs, watchErrors } from '../playwright-utils'

// Issue 10, item 7: a dealer buys straight from the catalog list and the product page, with quantities rounded by
// the rules and said so, the cart count in the shell following; also without JavaScript, and on a phone (item 15).

test.use({ timezoneId: 'Europe/Moscow' })

const cartLink = (page: Page) => page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: /^Корзина/ })

/** Starts from an empty cart, so counts are known whatever ran before. */
async function emptyCart(page: Page) {
  await page.goto('/cart')
  for (let n = await page.getByRole('button', { name: /^Удалить .* из корзины$/ }).count(); n > 0; n--) {
    await page.getByRole('button', { name: /^Удалить .* из корзины$/ }).first().click()
    await expect(page.getByRole('button', { name: /^Удалить .* из корзины$/ })).toHaveCount(n - 1)
  }
  await expect(page.getByText('Корзина пуста.')).toBeVisible()
}

/** A row of the list by SKU, with the product's name as the page shows it. */
async function productRow(page: Page, sku: string) {
  const row = page.getByRole('row').filter({ has: page.getByText(sku, { exact: true }) })
  const name = (await row.getByRole('link').first().innerText()).trim()
  return { row, name }
}

test.describe('with JavaScript', () => {
  test('adds from the list and from the product page; the cart count follows and a rounded quantity is explained', async ({ page }) => {
    const problems = watchErrors(page)
    await loginAs(page, 'buyer@vector.demo')
    await emptyCart(page)
    await expect(cartLink(page)).toHaveText('Корзина')

    // The list: 70 m of a cable sold in 50 m drums becomes 100 m, and the page says why, without moving.
    await page.goto('/catalog?q=CAB-01')
    const { row, name } = await productRow(page, 'CAB-0102')
    await row.scrollIntoViewIfNeeded()
    const scrolled = await page.evaluate(() => window.scrollY)
    const url = page.url()
    await row.getByLabel(`Количество: ${name}`).fill('70')
    await row.getByRole('button', { name: 'В корзину' }).click()
    await expect(row.getByRole('status')).toContainText(`В корзину добавлено 100 м: ${name}. Всего в корзине 100 м.`)
    await expect(row.getByRole('status')).toContainText('Округлено до 100 м: кратность 50.')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (1 строка)')
    expect(page.url()).toBe(url)
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled)

    // The product page: a second product, then the same product again adds to its line.
    await page.goto('/catalog/BRE-0104')
    const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim()
    const qty = page.getByLabel(`Количество: ${title}`)
    await qty.fill('3')
    await page.getByRole('button', { name: 'В корзину' }).click()
    await expect(page.locator('#buy-status')).toContainText(`В корзину добавлено 3 шт.: ${title}. Всего в корзине 3 шт.`)
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (2 строки)')
    await qty.fill('2')
    await page.getByRole('button', { name: 'В корзину' }).click()
    await expect(page.locator('#buy-status')).toContainText('Всего в корзине 5 шт.')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (2 строки)')

    // A word is refused beside the field and changes nothing.
    await qty.fill('десять')
    await page.getByRole('button', { name: 'В корзину' }).click()
    await expect(page.locator('#buy-status')).toHaveText('Введите число.')

    await cartLink(page).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Корзина')
    await expect(page.getByLabel('Количество').and(page.locator('input'))).toHaveCount(2)
    await expect(page.getByRole('row', { name: /CAB-0102/ }).getByRole('textbox')).toHaveValue('100')
    await expect(page.getByRole('row', { name: /BRE-0104/ }).getByRole('textbox')).toHaveValue('5')
    // Warehouses by name, never by code.
    await expect(page.getByRole('row', { name: /CAB-0102/ })).toContainText('со склада «')
    await expect(page.locator('main')).not.toContainText(/\bMSK\b|\bEKB\b/)
    expect(problems).toEqual([])
  })

  test('the product page names the warehouse and the category, not their codes', async ({ page }) => {
    await loginAs(page, 'buyer@vector.demo')
    await page.goto('/catalog/CAB-0101')
    await expect(page.getByRole('status').filter({ hasText: 'Самая ранняя доставка' })).toContainText('(склад Москва, Подольск)')
    await expect(page.locator('main')).toContainText('Кабель и провод')
    await expect(page.locator('main')).not.toContainText(/\bMSK\b|\bCABLE\b/)
  })
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a plain form adds to the cart and comes back to the same page and row, saying what was done', async ({ page }) => {
    await loginAs(page, 'buyer@alfa-dealer.demo')
    await emptyCart(page)
    await page.goto('/catalog?q=CAB-01&page=1')
    const { row, name } = await productRow(page, 'CAB-0101')
    await row.getByLabel(`Количество: ${name}`).fill('70')
    await row.getByRole('button', { name: 'В корзину' }).click()
    await expect(page).toHaveURL(/\/catalog\?q=CAB-01&page=1#product-[0-9a-f-]{36}$/)
    await expect(row.getByRole('status')).toContainText('Округлено до 100 м: кратность 50.')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (1 строка)')
    // The notice is said once: a reload does not repeat it.
    await page.reload()
    await expect(row.getByRole('status')).toHaveText('')

    // On the product page, a quantity that cannot be rounded is refused beside the field, as typed.
    await page.goto('/catalog/CAB-0101')
    const field = page.getByLabel(`Количество: ${name}`)
    await field.fill('десять')
    await page.getByRole('button', { name: 'В корзину' }).click()
    await expect(page).toHaveURL(/\/catalog\/CAB-0101#buy$/)
    await expect(page.locator('#buy-status')).toHaveText('Введите число.')
    await expect(field).toHaveValue('десять')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (1 строка)')
  })
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the catalog, a product, the cart and quick order fit the screen; prices, remove and submit can be reached', async ({ page }) => {
    const problems = watchErrors(page)
    await loginAs(page, 'buyer@vector.demo')
    await page.goto('/catalog?q=LAM-02')
    const { row, name } = await productRow(page, 'LAM-0203')
    await row.getByLabel(`Количество: ${name}`).fill('10')
    await row.getByRole('button', { name: 'В корзину' }).click()
    await expect(row.getByRole('status')).toContainText('В корзину добавлено 10 шт.')

    const fits = async (path: string) => {
      await page.goto(path)
      await page.waitForLoadState('networkidle')
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
      expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(innerWidth)
    }
    const onScreen = async (locator: ReturnType<Page['locator']>) => {
      const box = (await locator.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(390)
    }
    await fits('/catalog')
    await onScreen(page.getByRole('row').nth(1).getByRole('button', { name: 'В корзину' }))
    await fits('/catalog/LAM-0203')
    await onScreen(page.getByRole('button', { name: 'В корзину' }))
    await fits('/cart')
    const line = page.getByRole('row', { name: /LAM-0203/ })
    await onScreen(line.getByRole('button', { name: 'Удалить LAM-0203 из корзины' }))
    await onScreen(line.getByRole('cell').filter({ hasText: '₽' }).first())
    await fits('/quick-order')
    // The submit button is not covered by the file field's hint: a tap would reach it.
    await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click({ trial: true })
    expect(problems).toEqual([])
  })
})
