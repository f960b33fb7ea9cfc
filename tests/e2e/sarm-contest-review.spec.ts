import { expect, signIn, test, watchErrors } from '../playwright-utils'

// The partner manager reviews a held contest prize in a real browser (issue 14 "Tests"): the contest's winner
// tripped R1, R2 and R4 (the anchors' worked example); the desk shows the figures in words and the shop's share
// chart, and the manager releases the prize with a reason.

test('a partner manager opens a held contest prize, sees the figures, and releases it with a reason', async ({ page, make }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  const manager = await make.member({ role: 'partner_manager' })
  const contest = await make.heldContest()

  await signIn(page, manager)
  await page.goto('/desk/sarm/contests')
  await page.getByRole('link', { name: contest.nameRu }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(contest.nameRu)
  const prizes = page.getByRole('row').filter({ hasText: contest.heldSeller })
  await expect(prizes.first()).toContainText('Задержано')
  await expect(prizes.first()).toContainText('продажи необычно сосредоточены у одного продавца')

  // The figures, in words with their limits: HHI 0.73 against 0.2, 51 of 60 units, incrementality 0.
  const decision = page.getByRole('form', { name: new RegExp(`Приз за 1-е место: ${contest.heldSeller}`) })
  await expect(decision).toContainText(/HHI 0,73 .*при обычных 0,2; порог 0,26/)
  await expect(decision).toContainText(/51 из 60 шт\. при его обычной доле 20\s%/)
  await expect(decision).toContainText(/инкрементальность 0 \(порог 0,3\)/)
  await expect(page.getByRole('img', { name: /доли продавцов/ })).toBeVisible()

  // No reason, no decision; with one, the prize goes back to waiting for payment.
  await decision.getByRole('button', { name: 'Выплатить' }).click()
  await expect(page.getByRole('row').filter({ hasText: contest.heldSeller }).first()).toContainText('Задержано')
  await decision.getByLabel('Причина решения').fill('Чеки сверены с магазином: продажи настоящие')
  await decision.getByRole('button', { name: 'Выплатить' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Приз освобождён к выплате.' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: contest.heldSeller }).first()).toContainText('Начислено')
  await expect(page.getByRole('form', { name: /Приз за 1-е место/ })).toHaveCount(0)
  expect(problems).toEqual([])
})
