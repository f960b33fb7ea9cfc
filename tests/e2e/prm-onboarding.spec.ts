import { DEMO_PASSWORD } from '../../db/demo-data'
import { withInnCheckDigits } from '../../app/modules/tenancy/tax-ids'
import { expect, login, logout, test } from '../playwright-utils'

// Issue 13's onboarding journey in the browser: an applicant applies, the partner manager checks and offers the
// agreement, the applicant accepts it on the status page, the manager activates, and the new admin takes the
// one-time link from the outgoing mail (as staff would pass it on), sets a password and signs in.
test('an applicant becomes a dealer admin who signs in', async ({ page }) => {
  test.setTimeout(90_000)
  const n = Date.now() % 1_000_000
  const email = `e2e-applicant-${n}@example.com`
  const inn = withInnCheckDigits(String(500_000_000 + n).slice(0, 9))

  await page.goto('/login')
  await page.getByRole('link', { name: 'Хотите стать партнёром? Оставьте заявку' }).click()
  await page.getByLabel('Полное наименование').fill(`ООО «Журней ${n}»`)
  await page.getByLabel('Краткое наименование').fill(`Журней ${n}`)
  await page.getByLabel('ИНН').fill(inn)
  await page.getByLabel('КПП').fill('500101001')
  await page.getByLabel('Регион').selectOption('RU-MOS')
  await page.getByLabel('Имя и фамилия').fill('Пётр Новиков')
  await page.getByLabel('Электронная почта').fill(email)
  await page.getByLabel('Телефон').fill('+7 495 111-22-33')
  await page.getByRole('button', { name: 'Отправить заявку' }).click()
  await expect(page.getByText('Без согласия заявку принять нельзя.')).toBeVisible()
  await page.getByLabel('Я даю согласие на обработку персональных данных').check()
  await page.getByRole('button', { name: 'Отправить заявку' }).click()
  await expect(page.getByRole('heading', { name: /Заявка P-\d{4}-\d{6} принята/ })).toBeVisible()

  await login(page, 'partners@technosnab.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto(`/desk/partners/applications?q=${inn}`)
  await page.getByRole('link', { name: /^P-/ }).click()
  await expect(page.getByTestId('application-stage')).toHaveText('Проверка')
  await page.getByRole('button', { name: 'Предложить соглашение' }).click()
  await expect(page.getByTestId('application-stage')).toHaveText('Соглашение предложено')

  const mailLink = async (path: string) => {
    await page.goto(`/desk/mail?q=${encodeURIComponent(email)}`)
    // The newest mail carrying such a link (activation queues the set-up link and the status mail together).
    const body = (await page.locator('pre.mail-body').allTextContents()).join('\n')
    const m = new RegExp(`https?://\\S+(${path}\\S+)`).exec(body)
    expect(m, body).not.toBeNull()
    return m![1]
  }
  const statusLink = await mailLink('/partners/apply/')
  await logout(page)
  await page.goto(statusLink)
  await page.getByLabel('Я принимаю условия соглашения').check()
  await page.getByRole('button', { name: 'Принять соглашение' }).click()
  await expect(page.getByTestId('application-stage')).toHaveText('Соглашение принято')

  await login(page, 'partners@technosnab.demo', DEMO_PASSWORD)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto(`/desk/partners/applications?q=${inn}`)
  await page.getByRole('link', { name: /^P-/ }).click()
  await page.getByRole('button', { name: 'Подключить партнёра' }).click()
  await expect(page.getByTestId('application-stage')).toHaveText('Партнёр активен')
  const setupLink = await mailLink('/account/set-password/')
  await logout(page)

  await page.goto(setupLink)
  await page.getByLabel('Новый пароль').fill('journey password 2026')
  await page.getByLabel('Пароль ещё раз').fill('journey password 2026')
  await page.getByRole('button', { name: 'Сохранить пароль' }).click()
  await expect(page.getByText('Пароль установлен. Войдите с ним.')).toBeVisible()
  await login(page, email, 'journey password 2026')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.goto(setupLink)
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Установка пароля')
})
