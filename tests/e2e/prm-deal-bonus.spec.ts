import { DEMO_PASSWORD } from '../../db/demo-data'
import { expect, login, test, watchErrors } from '../playwright-utils'

// Issue 13, the incentive ledger's deal bonuses as the demo dealer reads them: its gold tier lists the bonus among
// its benefits, and the deal the partner manager marked won is a pending line on /programme/ledger, explained.

test('the demo dealer reads its tier’s deal bonus and the line its won deal earned', async ({ page }) => {
  const problems = watchErrors(page)
  await login(page, 'admin@vector.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto('/programme')
  await expect(page.getByRole('listitem').filter({ hasText: /^Бонус 2\s% за выигранные зарегистрированные сделки$/ })).toBeVisible()
  await page.goto('/programme/ledger')
  await page.waitForLoadState('networkidle')
  const line = page.getByRole('row').filter({ hasText: /Бонус 2\s% за выигранную сделку D-\d{4}-\d{6} \(уровень «Золотой»\)/ })
  await expect(line).toHaveCount(1)
  await expect(line).toContainText('Начислено')
  await expect(line).toContainText(/2\s% × [\d\s]+,\d\d\s₽ = [\d\s]+,\d\d\s₽/)
  expect(problems).toEqual([])
})
