import { translate, type Locale } from '../../i18n'
import { formatDay } from '../../i18n/format'
import { attachment, csvResponse, CsvDecimal, decimal, toCsv } from '../../utils/csv'
import { writeXlsx } from '../../utils/xlsx.server'
import type { AnyScope } from '../auth/scope.server'
import { batchPayees, getPayoutBatch } from './queries.server'

// What the bank is sent for a batch: one row per recipient organisation, in the reader's spreadsheet dialect.
export async function payoutBatchResponse({
  scope,
  batchId,
  locale,
  format,
}: {
  scope: AnyScope
  batchId: string
  locale: Locale
  format: 'csv' | 'xlsx'
}) {
  const found = await getPayoutBatch({ scope, batchId })
  if (!found) return null
  const payees = await batchPayees({ scope, batchId })
  const tr = (k: Parameters<typeof translate>[1]) => translate(locale, k)
  const header = [
    tr('payout.export.legalName'),
    tr('payout.export.inn'),
    tr('payout.export.kpp'),
    tr('payout.export.amount'),
    tr('export.currency'),
    tr('payout.export.purpose'),
  ]
  // The purpose is for the bank, in Russian whatever the reader's language.
  const rows = payees.map((p) => [
    p.legalName,
    p.inn,
    p.kpp,
    decimal(p.amountMinor / 100),
    p.currency,
    translate('ru', 'payout.export.purposeText', {
      programme: p.programmesRu,
      from: formatDay('ru', p.periodStart),
      to: formatDay('ru', p.periodEnd),
      number: found.batch.number,
    }),
  ])
  const name = `payout-${found.batch.number}`
  if (format === 'csv') return csvResponse(`${name}.csv`, toCsv(header, rows, locale))
  const cells = rows.map((r) => r.map((v) => (v instanceof CsvDecimal ? v.value : v)))
  return attachment(writeXlsx(found.batch.number, header, cells), `${name}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
}
