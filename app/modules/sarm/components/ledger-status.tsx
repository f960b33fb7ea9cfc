import { useT } from '../../../i18n/react'

// A payout line's status as a word and a colour class, the same on the assistant's, dealer's and desk's pages.
export function LedgerStatus({ status }: { status: string }) {
  const { t } = useT()
  const known = ['pending', 'held', 'approved', 'paid', 'reversed'] as const
  const s = known.find((k) => k === status) ?? 'pending'
  return <span className={`status-badge ledger-${s}`}>{t(`ledger.status.${s}`)}</span>
}
