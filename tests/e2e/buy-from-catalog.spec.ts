import type { Page } from '@playwright/test'
import { expect, test, watchErrors, type Make } from '../playwright-utils'

// Issue 10, item 7: a dealer buys straight from the catalog list and the product page, with quantities rounded by
// the rules and said so, the cart count in the shell following; also without JavaScript, and on a phone (item 15).

test.use({ timezoneId: 'Europe/Moscow' })

const cartLink = (page: Page) => page.getByRole('navigation', { name: 'Основное меню' }).getByRole('link', { name: /^Корзина/ })

/** A cable sold in 50 m drums and a piece product, both on the dealer's list, each in its own warehouse. */
async function products(make: Make, orgId: string) {
  const drum = await make.product({
    skuPrefix: 'CAB',
    unit: 'm',
    packSize: 50,
    category: { nameRu: `Кабель и провод e2e ${orgId.slice(0, 4)}`, nameEn: 'Cable and wire e2e' },
    prices: [[1, 120_00]],
    forOrgIds: [orgId],
    stock: [{ atp: 5_000, nameRu: `Москва, склад e2e ${orgId.slice(0, 4)}`, city: 'Москва' }],
  })
  const piece = await make.product({ skuPrefix: 'BRE', prices: [[1, 45_00]], forOrgIds: [orgId], stock: [{ atp: 500 }] })
  return { drum, piece }
}

/** Starts from an empty cart, so counts are known whatever ran before. */
async function emptyCart(page: Page) {
  await page.goto('/cart')
  for (let n = await page.getByRole('button', { name: /^Удалить .* из корзины$/ }).count(); n > 0; n--) {
    await page
      .getByRole('button', { name: /^Удалить .* из корзины$/ })
      .first()
      .click()
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
  test('adds from the list and from the product page; the cart count follows and a rounded quantity is explained', async ({ page, make, login }) => {
    const problems = watchErrors(page)
    const person = await login({ role: 'dealer_buyer' })
    const { drum, piece } = await products(make, person.org.id)
    await emptyCart(page)
    await expect(cartLink(page)).toHaveText('Корзина')

    // The list: 70 m of a cable sold in 50 m drums becomes 100 m, and the page says why, without moving.
    await page.goto(`/catalog?q=${drum.sku}`)
    const { row, name } = await productRow(page, drum.sku)
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
    await page.goto(`/catalog/${piece.sku}`)
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
    await expect(page.getByRole('row', { name: new RegExp(drum.sku) }).getByRole('textbox')).toHaveValue('100')
    await expect(page.getByRole('row', { name: new RegExp(piece.sku) }).getByRole('textbox')).toHaveValue('5')
    // Warehouses by name, never by code.
    await expect(page.getByRole('row', { name: new RegExp(drum.sku) })).toContainText(`со склада «${drum.warehouses[0].nameRu}»`)
    for (const w of [...drum.warehouses, ...piece.warehouses]) await expect(page.locator('main')).not.toContainText(w.code)
    expect(problems).toEqual([])
  })

  test('the product page names the warehouse and the category, not their codes', async ({ page, make, login }) => {
    const person = await login({ role: 'dealer_buyer' })
    const { drum } = await products(make, person.org.id)
    await page.goto(`/catalog/${drum.sku}`)
    await expect(page.getByRole('status').filter({ hasText: 'Самая ранняя доставка' })).toContainText(`(склад ${drum.warehouses[0].nameRu})`)
    await expect(page.locator('main')).toContainText(drum.category.nameRu)
    await expect(page.locator('main')).not.toContainText(drum.warehouses[0].code)
    await expect(page.locator('main')).not.toContainText(drum.category.code)
  })
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a plain form adds to the cart and comes back to the same page and row, saying what was done', async ({ page, make, login }) => {
    const person = await login({ role: 'dealer_buyer' })
    const { drum } = await products(make, person.org.id)
    await emptyCart(page)
    await page.goto(`/catalog?q=${drum.sku}&page=1`)
    const { row, name } = await productRow(page, drum.sku)
    await row.getByLabel(`Количество: ${name}`).fill('70')
    await row.getByRole('button', { name: 'В корзину' }).click()
    await expect(page).toHaveURL(new RegExp(`/catalog\\?q=${drum.sku}&page=1#product-${drum.id}$`))
    await expect(row.getByRole('status')).toContainText('Округлено до 100 м: кратность 50.')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (1 строка)')
    // The notice is said once: a reload does not repeat it.
    await page.reload()
    await expect(row.getByRole('status')).toHaveText('')

    // On the product page, a quantity that cannot be rounded is refused beside the field, as typed.
    await page.goto(`/catalog/${drum.sku}`)
    const field = page.getByLabel(`Количество: ${name}`)
    await field.fill('десять')
    await page.getByRole('button', { name: 'В корзину' }).click()
    await expect(page).toHaveURL(new RegExp(`/catalog/${drum.sku}#buy$`))
    await expect(page.locator('#buy-status')).toHaveText('Введите число.')
    await expect(field).toHaveValue('десять')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(cartLink(page)).toHaveAccessibleName('Корзина (1 строка)')
  })
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the catalog, a product, the cart and quick order fit the screen; prices, remove and submit can be reached', async ({ page, make, login }) => {
    const problems = watchErrors(page)
    const person = await login({ role: 'dealer_buyer' })
    const lamp = await make.product({ skuPrefix: 'LAM', prices: [[1, 30_00]], forOrgIds: [person.org.id], stock: [{ atp: 100 }] })
    await page.goto(`/catalog?q=${lamp.sku}`)
    const { row, name } = await productRow(page, lamp.sku)
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
    await fits(`/catalog/${lamp.sku}`)
    await onScreen(page.getByRole('button', { name: 'В корзину' }))
    await fits('/cart')
    const line = page.getByRole('row', { name: new RegExp(lamp.sku) })
    await onScreen(line.getByRole('button', { name: `Удалить ${lamp.sku} из корзины` }))
    await onScreen(line.getByRole('cell').filter({ hasText: '₽' }).first())
    await fits('/quick-order')
    // The submit button is not covered by the file field's hint: a tap would reach it.
    await page.getByRole('button', { name: 'Проверить и добавить в корзину' }).click({ trial: true })
    expect(problems).toEqual([])
  })
})
