import { formatNumber } from '../../i18n/format'
import { isMessageKey, translate, type Locale } from '../../i18n'
import { localiseParams } from '../notifications/render'
import type { LedgerExplanation } from '../../../db/schema/incentives'

// Every ledger line explains itself in the reader's language (issue 13): its explanation is a catalog key with
// values, typed by name as notices are (`…Minor` money in kopecks, `…On` a day, `…Key` another catalog key), plus
// `…Bp` basis points shown as a percent ("250" → "2,5 %"). The numbers are stored, never re-derived, so a line
// reads the same years later.

export function renderExplanation(locale: Locale, explanation: LedgerExplanation): string {
  const bp: Record<string, string> = {}
  const rest: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(explanation.params))
    if (name.endsWith('Bp') && typeof value === 'number')
      bp[name] = formatNumber(locale, value / 10_000, { style: 'percent', maximumFractionDigits: 2 })
    else rest[name] = value
  const params = { ...localiseParams(locale, rest), ...bp }
  return isMessageKey(explanation.key) ? translate(locale, explanation.key, params) : explanation.key
}
