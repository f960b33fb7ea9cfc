import { expect, signIn, test, watchErrors } from '../playwright-utils'

// Issue 15 "SERVQUAL", a dealer's buyer on a phone: the invitation arrives in the inbox, its link opens the form;
// a submit without the importance points names what is missing; with 22 statements rated twice and the 100 points
// given, the answer is saved and the survey list says so. Nothing on the page is wider than the screen.
test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Moscow' })

test('a dealer’s buyer answers a service-quality survey from the inbox', async ({ page, make }) => {
  test.setTimeout(90_000)
  const problems = watchErrors(page)
  const buyer = await make.member({ role: 'dealer_buyer' })
  const title = `E2E ${crypto.randomUUID().slice(0, 8)}`
  await make.crmSurveyInvite({ userId: buyer.user.id, orgId: buyer.org.id, titleRu: title, titleEn: title })
  await signIn(page, buyer)

  await page.goto('/inbox')
  const notice = page.getByRole('listitem').filter({ hasText: `Оцените наш сервис: ${title}` })
  await notice.getByRole('button', { name: 'Открыть' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, screen: window.innerWidth }))
  expect(widths.scroll).toBeLessThanOrEqual(widths.screen)

  // Every statement twice: an excellent supplier 7, us 5 — by the radios' accessible names.
  const scales = page.locator('fieldset.scale')
  await expect(scales).toHaveCount(44)
  for (let k = 0; k < 44; k++)
    await scales
      .nth(k)
      .getByRole('radio', { name: k % 2 === 0 ? /— 7 из 7$/ : /— 5 из 7$/ })
      .check()
  await page.getByRole('button', { name: 'Отправить ответы' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Целое число баллов от 0 до 100' }).first()).toBeVisible()

  const points = page.getByRole('group', { name: 'Что для вас важнее' })
  for (const [label, value] of [
    ['Материальная среда', '10'],
    ['Надёжность', '40'],
    ['Отзывчивость', '20'],
    ['Убедительность', '15'],
    ['Сопереживание', '15'],
  ])
    await points.getByLabel(label).fill(value)
  await expect(points.getByText('Распределено 100 из 100 баллов')).toBeVisible()
  await page.getByRole('button', { name: 'Отправить ответы' }).click()
  await expect(page.getByText('Спасибо! Ваши ответы сохранены.')).toBeVisible()

  await page.goto('/surveys')
  await expect(page.getByRole('listitem').filter({ hasText: title })).toContainText('Вы ответили')
  expect(problems).toEqual([])
})
