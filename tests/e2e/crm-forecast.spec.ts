import { DEMO_PASSWORD } from '../../db/demo-data'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 15, forecasts as the sales manager reads them on the demo: on Вектор's card some product groups are forecast
// by Holt-Winters and others keep the seasonal-naive baseline; each chart has its accuracy table beside it and a
// sentence saying which method was chosen and why. In English too.

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
  // Every product group has its chart and its accuracy table (one row per method tried, one of them chosen).
  const tables = page.getByRole('table', { name: /^Точность на скользящем окне/ })
  await expect(tables).toHaveCount(await page.getByRole('img', { name: /^Прогноз: / }).count())
  await expect(tables.first().getByRole('row').filter({ hasText: '✓' })).toHaveCount(1)
  // Вектор's steady seasonal groups go to Holt-Winters, the others keep the baseline; each says why in figures.
  const chosen = (method: string) => page.getByRole('row').filter({ hasText: '✓' }).filter({ hasText: method })
  await expect(chosen('Хольт — Винтерс').first()).toBeVisible()
  await expect(chosen('Сезонный наивный').first()).toBeVisible()
  await expect(page.getByText(/^Хольт — Винтерс: MASE \d+,\d+ < 1 и меньше, чем у сезонного наивного \(\d+,\d+\)\.$/).first()).toBeVisible()
  await expect(page.getByText(/^Сезонный наивный: MASE Хольта — Винтерса \d+,\d+ (не лучше базового|не меньше 1)/).first()).toBeVisible()
  const vectorUrl = page.url()

  // The same page for a colleague who reads English (a person of their own, so the demo login keeps Russian).
  await page.context().clearCookies()
  await signInAs({ role: 'sales_manager', locale: 'en' })
  await page.goto(vectorUrl)
  await expect(page.getByRole('heading', { level: 2, name: 'Sales forecasts' })).toBeVisible()
  await expect(page.getByText(/^Holt-Winters: MASE \d+\.\d+ < 1 and below the seasonal naive’s \d+\.\d+\.$/).first()).toBeVisible()
  expect(problems).toEqual([])
})
