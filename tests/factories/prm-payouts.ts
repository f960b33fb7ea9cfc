import type { DbOrTx } from '../../db/client.server'
import { systemActor } from '../../app/modules/audit/mutations.server'
import { accrueLedgerLine } from '../../app/modules/incentives/ledger.server'

// Factories for payouts (issue 13): a ledger line made the way the rebates make theirs, through accrueLedgerLine.
export async function accrueTestLine(
  db: DbOrTx,
  o: {
    orgId: string
    amountMinor: number
    key?: string
    programmeNameRu?: string
    programmeNameEn?: string
    periodStart?: string
    periodEnd?: string
  },
) {
  const key = o.key ?? `test:${crypto.randomUUID()}`
  const run = (tx: Parameters<typeof accrueLedgerLine>[0]) =>
    accrueLedgerLine(tx, systemActor, {
      orgId: o.orgId,
      source: 'rebate',
      programmeId: '00000000-0000-4000-8000-0000000000aa',
      programmeNameRu: o.programmeNameRu ?? 'Бонус за объём',
      programmeNameEn: o.programmeNameEn ?? 'Volume rebate',
      periodStart: o.periodStart ?? '2026-07-01',
      periodEnd: o.periodEnd ?? '2026-09-30',
      amountMinor: o.amountMinor,
      explanation: { key: 'ledger.explain.manual', params: { rateBp: 300, note: 'test' } },
      accrualKey: key,
    })
  const { lineId } = 'transaction' in db ? await db.transaction(run) : await run(db as Parameters<typeof accrueLedgerLine>[0])
  return { lineId: lineId!, key }
}
