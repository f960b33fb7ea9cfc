import type { LedgerExplanation } from '../../../db/schema/incentives'
import { isMessageKey, translate, type Locale, type Params } from '../../i18n'
import { formatNumber } from '../../i18n/format'
import { localiseParams } from '../notifications/render'

// A ledger line explains itself in the reader's language (issue 13 "every rouble is explained"): the explanation
// is stored as data — a catalog key and its values — and rendered here, the same for the dealer, the partner
// manager and the bank export's purpose text. Values are typed by their name, as notices are: `…Minor` money in
// kopecks, `…On` a day, `…Key` a catalog key; and here also `…Bp` a rate in basis points ("2 %") and `…Units` a
// count of units.

/** The values of an explanation as a reader of `locale` reads them. */
export function explanationParams(locale: Locale, params: LedgerExplanation['params']): Params {
  const out = localiseParams(locale, params)
  for (const [name, value] of Object.entries(params))
    if (name.endsWith('Bp') && typeof value === 'number') out[name] = formatNumber(locale, value / 10_000, { style: 'percent', maximumFractionDigits: 2 })
    else if (name.endsWith('Units') && typeof value === 'number') out[name] = formatNumber(locale, value)
  return out
}

/** The explanation as one sentence; an unknown key (from a newer version) reads as the key itself. */
export function renderExplanation(locale: Locale, explanation: LedgerExplanation): string {
  if (!isMessageKey(explanation.key)) return explanation.key
  return translate(locale, explanation.key, explanationParams(locale, explanation.params))
}
