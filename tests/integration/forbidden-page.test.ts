import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../../db/client.server'
import { createMember, createOrganisation, defaultTestPassword } from '../factories'
import { startApp, type App } from '../http-harness'

// Issue 10, item 11: the 403 page named a permission string ("create:order:org"). It says in words what the page
// needs and whom to ask: the organisation's administrators by name, or the operator's support for operator pages.

let app: App
beforeAll(async () => {
  app = await startApp()
  await createOrganisation(db, { kind: 'operator' })
})
afterAll(() => app.close())

const page = async (url: string, cookie: string) => {
  const res = await app.request(url, { cookie })
  // What a person reads: the markup without the scripts (the hydration data carries the permission for the page).
  return { status: res.status, body: res.body.replaceAll('\0', '').replace(/<script[\s\S]*?<\/script>/g, '') }
}

describe('the 403 page', () => {
  it('tells a dealer viewer which right the page needs and names the organisation’s administrators', async () => {
    const dealer = await createOrganisation(db, { kind: 'dealer', shortName: 'Гамма Тест' })
    await createMember(db, dealer, 'dealer_admin', { displayName: 'Анна Админова' })
    await createMember(db, dealer, 'dealer_admin', { displayName: 'Борис Блокированный', disabled: true })
    const viewer = await createMember(db, dealer, 'dealer_viewer')
    const cookie = await app.login(viewer.email, defaultTestPassword)

    const cart = await page('/cart', cookie)
    expect(cart.status).toBe(403)
    expect(cart.body).toContain('Для этой страницы нужна роль с правом оформлять заказы.')
    expect(cart.body).toContain('Ваша роль в «Гамма Тест» — Наблюдатель.')
    expect(cart.body).toContain('попросите администратора вашей организации: Анна Админова.')
    expect(cart.body).not.toContain('Борис Блокированный')
    expect(cart.body).not.toContain('create:order:org')

    const users = await page('/admin/users', cookie)
    expect(users.status).toBe(403)
    expect(users.body).toContain('Для этой страницы нужна роль с правом просматривать всех пользователей портала.')
    expect(users.body).toMatch(
      /Эта страница — для сотрудников оператора портала \([^)]+\)\. Если доступ нужен вам для работы, обратитесь в поддержку [^<.]+\./,
    )
    expect(users.body).not.toContain('read:user:any')
  })
})
