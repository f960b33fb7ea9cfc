import { NavLink } from '@remix-run/react'
import type { MessageKey } from '../../../i18n'
import { useT } from '../../../i18n/react'

// The dealer's partner-programme pages share one sub-navigation: tier and targets, deals, money (rebates and ledger).
const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/programme', label: 'programme.tab.overview', end: true },
  { to: '/programme/deals', label: 'programme.tab.deals' },
  { to: '/programme/ledger', label: 'programme.tab.ledger' },
]

export function ProgrammeTabs() {
  const { t } = useT()
  return (
    <nav className="tabs" aria-label={t('nav.programme')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  )
}

// The partner managers' desk pages share one too.
const deskTabs: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/desk/partners', label: 'partnersDesk.tab.home', end: true },
  { to: '/desk/partners/applications', label: 'partnersDesk.tab.applications' },
  { to: '/desk/partners/programme', label: 'partnersDesk.tab.programme' },
  { to: '/desk/partners/deals', label: 'partnersDesk.tab.deals' },
  { to: '/desk/partners/rebates', label: 'partnersDesk.tab.rebates' },
  { to: '/desk/partners/ledger', label: 'partnersDesk.tab.ledger' },
  { to: '/desk/partners/payouts', label: 'partnersDesk.tab.payouts' },
  { to: '/desk/partners/disputes', label: 'dispute.desk.title' },
]

export function PartnersDeskTabs() {
  const { t } = useT()
  return (
    <nav className="tabs" aria-label={t('nav.deskPartners')}>
      {deskTabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  )
}
