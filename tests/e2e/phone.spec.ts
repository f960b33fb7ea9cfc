import { expect, test, type Page } from '@playwright/test'
import { loginAs, watchErrors } from '../playwright-utils'

// Issue 10, item 15: on a 390 px phone the header took 40 % of the screen and pages scrolled sideways. The header
// is one row with a "Menu" disclosure; tables become cards; nothing is wider than the screen.
test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

const menuButton = (page: Page) => page.locator('header summary', { hasText: 'Меню' })
const nav = (page: Page) => page.getByRole('navigation', { name: 'Основное меню' })

async function checkFits(page: Page, path: string) {
  await page.goto(path)
  await expect(page.locator('h1').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  const header = await page.locator('header').boundingBox()
  expect(header!.height, `${path}: header height`).toBeLessThan(844 * 0.2)
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, screen: window.innerWidth }))
  expect(widths.scroll, `${path}: page width`).toBeLessThanOrEqual(widths.screen)
}

const pages: Record<string, string[]> = {
  'admin@vector.demo': ['/', '/orders', '/org/users', '/account/sessions', '/account/password', '/account/invitations'],
  'admin@technosnab.demo': ['/', '/admin/organisations', '/admin/organisations/new', '/admin/users', '/admin/users/new', '/admin/audit', '/desk/orders', '/desk/catalog', '/desk/prices', '/desk/catalog/reference', '/org/users', '/account/sessions'],
  'sales@technosnab.demo': ['/', '/desk/orders', '/desk/catalog', '/desk/prices', '/desk/prices/new', '/account/sessions'],
}

for (const [email, paths] of Object.entries(pages)) {
  test(`${email}: a one-row header and no sideways scrolling on a phone`, async ({ page }) => {
    const problems = watchErrors(page)
    await loginAs(page, email)
    for (const path of paths) await checkFits(page, path)
    // Rows are cards: every cell says which column it is.
    const [list, label] = paths.includes('/desk/catalog') ? ['/desk/catalog', '"Артикул"'] : ['/org/users', '"Имя"']
    await page.goto(list)
    const firstCell = page.locator('table.cards tbody tr').first().locator('td').first()
    expect(await firstCell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe(label)
    expect(problems).toEqual([])
  })
}

test('the menu opens, its links work, and it closes again, by pointer and by keyboard', async ({ page }) => {
  const problems = watchErrors(page)
  await loginAs(page, 'admin@vector.demo')
  await expect(nav(page)).toBeHidden()
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeHidden()

  await menuButton(page).click()
  await expect(nav(page)).toBeVisible()
  // The organisation, the language switch, the user and sign-out are in the menu too.
  await expect(page.locator('header .org-name')).toHaveText('Вектор')
  await expect(page.getByRole('button', { name: 'Switch to English' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Виктор Векторов' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeVisible()
  await nav(page).getByRole('link', { name: 'Заказы' }).click()
  await expect(page).toHaveURL(/\/orders$/)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await expect(nav(page)).toBeHidden()

  // From the keyboard: skip link, brand, then the menu button; Enter opens it, Escape closes it.
  await page.reload()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Перейти к содержимому' })).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await expect(menuButton(page)).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(nav(page)).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(nav(page).getByRole('link', { name: 'Главная' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(nav(page)).toBeHidden()
  await expect(menuButton(page)).toBeFocused()
  expect(problems).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('the menu still opens and its links work', async ({ page }) => {
    await loginAs(page, 'sales@technosnab.demo')
    await expect(nav(page)).toBeHidden()
    await menuButton(page).click()
    await nav(page).getByRole('link', { name: 'Стол заказов' }).click()
    await expect(page).toHaveURL(/\/desk\/orders$/)
    await expect(nav(page)).toBeHidden()
  })
})

test('the users list shows each person’s organisations and roles, pending invitations marked', async ({ page }) => {
  await loginAs(page, 'admin@technosnab.demo')
  await page.goto('/admin/users?q=buyer@alfa-dealer.demo')
  const card = page.locator('table.cards tbody tr', { hasText: 'buyer@alfa-dealer.demo' })
  await expect(card.getByRole('listitem')).toHaveText(['Альфа-Дилер — Закупщик', 'Вектор — Наблюдательприглашение не принято'])
  await page.goto('/admin/users?q=admin@sib-electro.demo')
  await expect(page.locator('table.cards tbody tr').getByRole('listitem')).toHaveText(['Альфа-Дилер — Наблюдатель', 'Сибирь Электро — Администратор дилера'])
})
