import { DEMO_PASSWORD } from '../../db/demo-data'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 15, segments as the sales manager sees them on the demo: the Pareto curve and the CV histogram, the 9-cell
// matrix whose cell opens its customers, each customer's classes in words; a run with cut-offs out of order is
// refused beside the field and stores nothing.

test('a sales manager reads the segment charts, opens a matrix cell and a customer’s explanation', async ({ page }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  await login(page, 'sales@technosnab.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto('/crm/segments')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сегменты клиентов: ABC, XYZ, CLV')
  await expect(page.getByRole('img', { name: /Кривая Парето/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /Гистограмма коэффициента вариации/ })).toBeVisible()
  const matrix = page.getByRole('table', { name: 'Матрица ABC × XYZ' })
  await expect(matrix.getByRole('row')).toHaveCount(4)

  await matrix.getByRole('link', { name: /^AY: / }).click()
  await expect(page.getByText('Показаны клиенты AY.')).toBeVisible()
  const members = page.getByRole('table', { name: 'Клиенты расчёта' })
  // Every listed customer is AY, and its row below says why in figures.
  await expect(
    members.getByText(/Почему: A: .+ — доля до клиента .+ < 80 %\. Y: CV .+ ≤ 25 % \(\d+ из 12 мес\. с заказами\)\. CLV = /).first(),
  ).toBeVisible()

  // Cut-offs out of order: the field says so and no run is added.
  const runsBefore = await page.getByRole('heading', { name: /^Расчёт от / }).textContent()
  await page.getByLabel('Граница A, % накопленной доли').fill('96')
  await page.getByRole('button', { name: 'Рассчитать' }).click()
  await expect(page.getByText('Граница B должна быть больше границы A')).toBeVisible()
  await expect(page.getByRole('heading', { name: /^Расчёт от / })).toHaveText(runsBefore!)
  expect(problems).toEqual([])
})
