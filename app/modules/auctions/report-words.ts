import { isMessageKey, translate, type Locale, type MessageKey, type Params } from '../../i18n'
import type { ProtocolLot } from './reports.server'

// The words of the protocol and the supplier's report, shared by the CSV (reports-csv.ts) and the PDF
// (protocol-pdf.server.ts).

export type T = (key: MessageKey, params?: Params) => string
export const translator =
  (locale: Locale): T =>
  (key, params) =>
    translate(locale, key, params)

/** A lot's unit in words; a unit the catalog has no word for (stored before the list was fixed) as stored. */
export function unitLabel(t: T, unit: string) {
  const key = `unit.${unit}`
  return isMessageKey(key) ? t(key) : unit
}

export function awardNote(t: T, award: NonNullable<ProtocolLot['award']>) {
  return award.rankOne ? t('tenderReport.awardRankOne') : t('tenderReport.awardOtherRank', { rank: award.rank ?? '—', reason: award.reason ?? '—' })
}

/** A lot's state in words, award included: "bidding ended, the lot is awarded" rather than "Status: awarded". */
export function lotState(t: T, lot: ProtocolLot) {
  if (lot.status === 'closed') return t(lot.award ? 'tenderReport.lotState.awarded' : 'tenderReport.lotState.closed')
  return t(`tenderReport.lotState.${lot.status}`)
}
