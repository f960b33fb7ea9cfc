import { DEMO_PASSWORD } from '../../db/demo-data'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 13, what the dealer sees: the demo dealer's quarterly rebate on /programme and /programme/ledger (what the
// next step needs and earns, every number explained, the running total chart) on a phone, hydrating without an
// error; and the partner manager filters the desk ledger by dealer, the URL keeping the choice.

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

test('the dealer reads its rebate progress; the desk filters the ledger by dealer', async ({ page }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  await login(page, 'admin@vector.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  for (const path of ['/programme', '/programme/ledger']) {
    await page.goto(path)
    await page.waitForLoadState('networkidle')
    const card = page.getByRole('article', { name: 'Квартальный ретро-бонус' })
    await expect(card).toBeVisible()
    // Past the 2 % step from 500 000 ₽ this quarter, the 3 % step from 1 500 000 ₽ next; Gold adds 0,5 % to both.
    await expect(card.getByText(/^Поставлено: .+ из 1\s500\s000,00\s₽ в этом квартале: ещё .+ — и ставка 3,5\s% вместо 2,5\s%$/)).toBeVisible()
    await expect(card.getByText(/^Текущая ступень: от 500\s000,00\s₽, ставка 2,5\s% \(2\s% ступени \+ 0,5\s% за уровень «.+»\)\.$/)).toBeVisible()
    await expect(card.getByText(/^Бонус по сегодняшним поставкам: 2,5\s% × .+ = .+\.$/)).toBeVisible()
    await expect(card.getByRole('img', { name: /Нарастающим итогом по месяцам/ })).toBeVisible()
    // The card fits the phone's width (the page's certified-staff table is the tier panel's own business).
    const box = await card.boundingBox()
    expect(box!.x + box!.width, `${path}: the rebate card is wider than the screen`).toBeLessThanOrEqual(390)
  }
  // On a phone the sign-out button sits in the closed menu: start the manager's session afresh instead.
  await page.context().clearCookies()

  await login(page, 'partners@technosnab.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto('/desk/partners/ledger')
  const dealer = page.getByLabel('Дилер', { exact: true })
  const vector = await dealer.locator('option', { hasText: 'Вектор' }).first().getAttribute('value')
  await dealer.selectOption(vector!)
  await page.getByRole('button', { name: 'Показать', exact: true }).click()
  await page.waitForURL((url) => url.searchParams.get('orgId') === vector)
  await expect(page.getByLabel('Дилер', { exact: true })).toHaveValue(vector!)
  await page.waitForLoadState('networkidle')
  expect(problems).toEqual([])
})
