import { expect, type Page } from '@playwright/test'
import { DEMO_PASSWORD, demoLogins } from '../db/demo-data'
import { translate, type Locale, type MessageKey } from '../app/i18n'

export { DEMO_PASSWORD, demoLogins }

/** The text a demo user sees for a catalog key, in their saved language. */
export const text = (locale: Locale, key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)

/** Signs in through the form, as a person would: type, then press the button. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('#login-email').fill(email)
  await page.locator('#login-password').fill(password)
  await page.locator('form#login button[type=submit]').click()
}

export async function logout(page: Page) {
  await page.locator('header form[action="/logout"] button').click()
  await expect(page).toHaveURL(/\/login$/)
}

/** Signs in and waits until the portal has taken the user past the sign-in page. */
export async function loginAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await login(page, email, password)
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/**
 * Page errors and console errors while a test runs, for `expect(problems).toEqual([])` at its end. `ignore` is for
 * errors a test causes on purpose (a socket it cuts, a request it expects refused).
 */
export function watchErrors(page: Page, ignore?: RegExp, label = '') {
  const problems: string[] = []
  const where = () => `${label ? `${label} ` : ''}${page.url()}`
  page.on('pageerror', (e) => problems.push(`${where()}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore?.test(m.text())) problems.push(`${where()}: ${m.text()}`)
  })
  return problems
}
