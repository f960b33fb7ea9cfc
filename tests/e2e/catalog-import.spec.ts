import type { Page } from '@playwright/test'
import { expect, test, watchErrors } from '../playwright-utils'

// Issue 10, item 1: an import changes only what its file says. A product is off sale; the operator uploads a file
// with new names and no "active" or description columns, sees the change per product before anything is
// written, applies, reads what was done in the past tense with the list kept, and the product is still off sale
// with its descriptions.
test.use({ timezoneId: 'Europe/Moscow' })

async function openProduct(page: Page, SKU: string) {
  await page.goto(`/desk/catalog?q=${SKU}`)
  await page.getByRole('link', { name: SKU, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SKU)
}

test('an import without an "active" column leaves an off-sale product off sale, and shows its changes before and after', async ({
  page,
  make,
  login,
}) => {
  const problems = watchErrors(page)
  await login({ role: 'sales_manager' })
  // A product off sale, with descriptions the file does not carry.
  const { sku: SKU } = await make.product({
    active: false,
    descriptionRu: 'Описание, которого нет в файле.',
    prices: [[1, 100_00]],
    forOrgIds: [],
    stock: [{ atp: 10 }],
  })

  await openProduct(page, SKU)
  await expect(page.getByLabel(/^В продаже/)).not.toBeChecked()
  const nameRu = await page.getByLabel('Наименование (русский)').inputValue()
  const nameEn = await page.getByLabel('Наименование (английский)').inputValue()
  const descriptionRu = await page.getByLabel('Описание (русский)').inputValue()
  expect(descriptionRu).not.toBe('')

  // A Russian Excel's file: semicolons, a BOM, only the SKU and the two names.
  await page.goto('/desk/catalog/import')
  await page.getByLabel(/^Товары/).check()
  const file = `\uFEFFартикул;наименование;name_en\r\n${SKU};${nameRu} (серия 2027);${nameEn} (2027 series)\r\n`
  await page.locator('input[type=file]').setInputFiles({ name: 'названия.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
  await page.getByRole('button', { name: 'Проверить файл' }).click()
  await expect(page).toHaveURL(/\/desk\/catalog\/import\/[0-9a-f-]{36}$/)

  // Before: what will be done, and each field old → new; nothing about "active" or the descriptions.
  await expect(page.getByTestId('import-summary')).toHaveText('Будет изменён 1 товар.')
  const changes = page.locator('table.import-changes')
  await expect(changes).toContainText(`Наименование (русский): ${nameRu} → ${nameRu} (серия 2027)`)
  await expect(changes).toContainText(`Наименование (английский): ${nameEn} → ${nameEn} (2027 series)`)
  await expect(changes).not.toContainText('В продаже')
  await expect(changes).not.toContainText('Описание')

  // Apply, confirming in the dialog.
  await page.getByRole('button', { name: 'Записать в каталог' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Записать в каталог' }).click()

  // After: what was done, in the past tense, with the list kept.
  await expect(page.getByTestId('import-summary')).toHaveText('Изменён 1 товар.', { timeout: 15_000 })
  await expect(page.getByRole('status').filter({ hasText: 'Импорт записан' })).toBeVisible()
  await expect(page.getByText('Будет изменён')).toHaveCount(0)
  await expect(changes).toContainText(`Наименование (русский): ${nameRu} → ${nameRu} (серия 2027)`)
  // Opened afresh, the record renders on the server and hydrates the same.
  await page.reload()
  await expect(page.getByTestId('import-summary')).toHaveText('Изменён 1 товар.')
  await expect(page.getByText('Показаны записи 1–1 из 1.')).toBeVisible()

  // The product took the new names and is still off sale, with its description.
  await changes.getByRole('link', { name: SKU }).click()
  await expect(page.getByLabel('Наименование (русский)')).toHaveValue(`${nameRu} (серия 2027)`)
  await expect(page.getByLabel(/^В продаже/)).not.toBeChecked()
  await expect(page.getByLabel('Описание (русский)')).toHaveValue(descriptionRu)
  expect(problems).toEqual([])
})
