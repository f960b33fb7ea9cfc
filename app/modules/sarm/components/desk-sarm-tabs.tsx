import { NavLink } from '@remix-run/react'
import type { MessageKey } from '../../../i18n'
import { useT } from '../../../i18n/react'

// The partner manager's shop-assistant desk: the overview and the pages of each part (bonuses here; contests,
// trainings and events are their own parts' pages).
const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/desk/sarm', label: 'deskSarm.tab.overview', end: true },
  { to: '/desk/sarm/bonuses', label: 'deskSarm.tab.bonuses' },
  { to: '/desk/sarm/contests', label: 'deskSarm.tab.contests' },
  { to: '/desk/sarm/trainings', label: 'deskSarm.tab.trainings' },
  { to: '/desk/sarm/events', label: 'deskSarm.tab.events' },
]

export function DeskSarmTabs() {
  const { t } = useT()
  return (
    <nav className="tabs" aria-label={t('deskSarm.tabs')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  )
}
