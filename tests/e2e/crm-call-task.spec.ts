import { nextWorkingDayOnOrAfter } from '../../app/modules/delivery-terms/earliest-date'
import { ruCalendar } from '../../app/modules/delivery-terms/ru-calendar'
import { expect, signIn, test, watchErrors } from '../playwright-utils'

// Issue 15, a sales manager's day in the browser: opens a demo customer's card, logs a call with a next step due
// tomorrow, finds it in the planner on its day; the next morning (the fixture makes the task due today and runs the
// reminder tick, as the worker does) the home lists it under today and the inbox has the reminder.

const dayIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date(ms))

test('a sales manager logs a call with a next step and meets the task the next day', async ({ page, make }) => {
  test.setTimeout(60_000)
  const problems = watchErrors(page)
  const manager = await make.member({ role: 'sales_manager' })
  const title = `Отправить образцы ${crypto.randomUUID().slice(0, 8)}`
  await signIn(page, manager)

  await page.goto('/crm/customers?q=Сибирь')
  await page.getByRole('link', { name: 'Сибирь Электро' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сибирь Электро')
  const log = page.getByRole('form', { name: 'Записать взаимодействие' })
  await log.getByLabel('Вид').selectOption('call')
  await log.getByLabel('Тема').fill('Звонок о поставке кабеля')
  await log.getByLabel('Итог', { exact: true }).fill('Нужны образцы до конца недели')
  await log.getByLabel('Следующий шаг', { exact: true }).fill(title)
  await log.getByLabel('Срок следующего шага').fill(dayIn(Date.now() + 86_400_000))
  await log.getByRole('button', { name: 'Сохранить' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Задача «${title}» — срок` })).toBeVisible()
  await expect(page.getByRole('list').filter({ hasText: 'Звонок о поставке кабеля' }).first()).toBeVisible()

  // The planner shows it on its day: tomorrow, or the next working day after it (on a Saturday that is Monday, in
  // the next week's planner).
  await page.goto(`/crm/tasks?week=${nextWorkingDayOnOrAfter(dayIn(Date.now() + 86_400_000), ruCalendar)}`)
  await expect(page.getByText(title)).toBeVisible()

  // The next morning.
  await make.crmNextMorning({ title })
  await page.goto('/crm')
  const today = page.getByRole('region', { name: 'Задачи на сегодня и просроченные' })
  await expect(today.getByText(title)).toBeVisible()
  await page.goto('/inbox')
  await expect(page.getByText(`Сегодня: ${title}`)).toBeVisible()
  // Done from the home, it leaves today's list.
  await page.goto('/crm')
  await today.getByRole('button', { name: `Выполнено: ${title}` }).click()
  await expect(today.getByText(title)).toHaveCount(0)
  expect(problems).toEqual([])
})
