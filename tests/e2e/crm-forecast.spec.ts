import { DEMO_PASSWORD } from '../../db/demo-data'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 15, forecasts as the sales manager reads them on the demo: Вектор's steady seasonal buying is forecast by
// Holt-Winters, Альфа-Дилер's erratic buying keeps the seasonal-naive baseline; each chart has its accuracy table
// beside it and a sentence saying which method was chosen and why. In English too.

test.use({ timezoneId: 'Europe/Moscow' })

test('a sales manager opens a customer’s forecast and reads why each method was chosen', async ({ page, login: signInAs }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  await login(page, 'sales@technosnab.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))

  await page.goto('/crm/customers')
  await page.getByRole('link', { name: 'Вектор', exact: true }).click()
  await page.getByRole('navigation', { name: 'Разделы карточки клиента' }).getByRole('link', { name: 'Прогноз' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Прогнозы продаж' })).toBeVisible()
  await expect(page.getByRole('img', { name: /^Прогноз: / }).first()).toBeVisible()
  const accuracy = page.getByRole('table', { name: /^Точность на скользящем окне/ }).first()
  await expect(accuracy.getByRole('row')).toHaveCount(3)
  // The chosen row is Holt-Winters and the sentence gives both MASE figures.
  await expect(accuracy.getByRole('row').filter({ hasText: '✓' })).toContainText('Хольт — Винтерс')
  await expect(page.getByText(/^Хольт — Винтерс: MASE \d+,\d+ < 1 и меньше, чем у сезонного наивного \(\d+,\d+\)\.$/).first()).toBeVisible()
  const vectorUrl = page.url()

  await page.goto('/crm/customers')
  await page.getByRole('link', { name: 'Альфа-Дилер', exact: true }).click()
  await page.getByRole('navigation', { name: 'Разделы карточки клиента' }).getByRole('link', { name: 'Прогноз' }).click()
  const alfa = page.getByRole('table', { name: /^Точность на скользящем окне/ }).first()
  await expect(alfa.getByRole('row').filter({ hasText: '✓' })).toContainText('Сезонный наивный')
  await expect(page.getByText(/^Сезонный наивный: MASE Хольта — Винтерса \d+,\d+ (не лучше базового|не меньше 1)/).first()).toBeVisible()

  // The same page for a colleague who reads English (a person of their own, so the demo login keeps Russian).
  await page.context().clearCookies()
  await signInAs({ role: 'sales_manager', locale: 'en' })
  await page.goto(vectorUrl)
  await expect(page.getByRole('heading', { level: 2, name: 'Sales forecasts' })).toBeVisible()
  await expect(page.getByText(/^Holt-Winters: MASE \d+\.\d+ < 1 and below the seasonal naive’s \d+\.\d+\.$/).first()).toBeVisible()
  expect(problems).toEqual([])
})
