import type { Page } from '@playwright/test'
import type { Role } from '../../app/modules/tenancy/roles'
import { expect, signIn, test, watchErrors } from '../playwright-utils'

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

const pages: Partial<Record<Role, string[]>> = {
  dealer_admin: ['/', '/orders', '/org/users', '/account/sessions', '/account/password', '/account/invitations'],
  operator_admin: [
    '/',
    '/admin/organisations',
    '/admin/organisations/new',
    '/admin/users',
    '/admin/users/new',
    '/admin/audit',
    '/desk/orders',
    '/desk/catalog',
    '/desk/prices',
    '/desk/catalog/reference',
    '/org/users',
    '/account/sessions',
  ],
  sales_manager: ['/', '/desk/orders', '/desk/catalog', '/desk/prices', '/desk/prices/new', '/account/sessions'],
}

for (const [role, paths] of Object.entries(pages) as [Role, string[]][]) {
  test(`${role}: a one-row header and no sideways scrolling on a phone`, async ({ page, login, make }) => {
    const problems = watchErrors(page)
    await login({ role })
    // A row in the desk's catalog for the cards check, whatever else is there.
    await make.product({ prices: [[1, 100_00]], forOrgIds: [], stock: [{ atp: 1 }] })
    for (const path of paths) await checkFits(page, path)
    // Rows are cards: every cell says which column it is.
    const [list, label] = paths.includes('/desk/catalog') ? ['/desk/catalog', '"Артикул"'] : ['/org/users', '"Имя"']
    await page.goto(list)
    const firstCell = page.locator('table.cards tbody tr').first().locator('td').first()
    expect(await firstCell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe(label)
    expect(problems).toEqual([])
  })
}

test('the menu opens, its links work, and it closes again, by pointer and by keyboard', async ({ page, login }) => {
  const problems = watchErrors(page)
  const person = await login({ role: 'dealer_admin' })
  await expect(nav(page)).toBeHidden()
  await expect(page.getByRole('button', { name: 'Выйти' })).toBeHidden()

  await menuButton(page).click()
  await expect(nav(page)).toBeVisible()
  // The organisation, the language switch, the user and sign-out are in the menu too.
  await expect(page.locator('header .org-name')).toHaveText(person.org.shortName)
  await expect(page.getByRole('button', { name: 'Switch to English' })).toBeVisible()
  await expect(page.getByRole('link', { name: person.user.displayName })).toBeVisible()
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
  test('the menu still opens and its links work', async ({ page, login }) => {
    await login({ role: 'sales_manager' })
    await expect(nav(page)).toBeHidden()
    await menuButton(page).click()
    await nav(page).getByRole('link', { name: 'Стол заказов' }).click()
    await expect(page).toHaveURL(/\/desk\/orders$/)
    await expect(nav(page)).toBeHidden()
  })
})

test('the users list shows each person’s organisations and roles, pending invitations marked', async ({ page, make }) => {
  // Three dealers named so they sort A, B, C; a buyer of A invited to B; an admin of C who also views A.
  const tag = `${Date.now().toString(36)}`
  const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((letter) => make.member({ role: 'dealer_admin', orgName: `E2E ${letter} ${tag}` })))
  const buyer = await make.member({ role: 'dealer_buyer', orgId: a.org.id })
  await make.join({ userId: buyer.user.id, orgId: b.org.id, role: 'dealer_viewer', invitedBy: b.user.id })
  await make.join({ userId: c.user.id, orgId: a.org.id, role: 'dealer_viewer' })
  const staff = await make.member({ role: 'operator_admin' })
  await signIn(page, staff)
  await page.goto(`/admin/users?q=${buyer.user.email}`)
  const card = page.locator('table.cards tbody tr', { hasText: buyer.user.email })
  await expect(card.getByRole('listitem')).toHaveText([`${a.org.shortName} — Закупщик`, `${b.org.shortName} — Наблюдательприглашение не принято`])
  await page.goto(`/admin/users?q=${c.user.email}`)
  await expect(page.locator('table.cards tbody tr').getByRole('listitem')).toHaveText([
    `${a.org.shortName} — Наблюдатель`,
    `${c.org.shortName} — Администратор дилера`,
  ])
})
