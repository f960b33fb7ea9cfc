import { NavLink } from '@remix-run/react'
import type { MessageKey } from '../../../i18n'
import { useT } from '../../../i18n/react'

// The CRM's pages for the operator's sales and partner managers: their home, the customers, the planner and the
// pipeline, segments, forecasts, recommendations, the duplicates queue and service-quality surveys.
const tabs: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: '/crm', label: 'crm.tab.home', end: true },
  { to: '/crm/customers', label: 'crm.tab.customers' },
  { to: '/crm/tasks', label: 'crm.tasks.title' },
  { to: '/crm/pipeline', label: 'crm.tab.pipeline' },
  { to: '/crm/segments', label: 'crm.tab.segments' },
  { to: '/crm/forecasts', label: 'crm.tab.forecasts' },
  { to: '/crm/recommendations', label: 'crm.tab.recommendations' },
  { to: '/crm/duplicates', label: 'crm.tab.duplicates' },
  { to: '/crm/surveys', label: 'crm.tab.surveys' },
]

export function CrmTabs() {
  const { t } = useT()
  return (
    <nav className="tabs" aria-label={t('crm.tabs')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  )
}

/** The customer card's parts: the overview (people, history, timeline), offers and prompts, the forecast, service quality. */
export function CustomerTabs({ orgId }: { orgId: string }) {
  const { t } = useT()
  const base = `/crm/customers/${orgId}`
  const cardTabs: { to: string; label: MessageKey; end?: boolean }[] = [
    { to: base, label: 'crm.card.tab.overview', end: true },
    { to: `${base}/offers`, label: 'crm.card.tab.offers' },
    { to: `${base}/forecast`, label: 'crm.card.tab.forecast' },
    { to: `${base}/service`, label: 'crm.card.tab.service' },
  ]
  return (
    <nav className="tabs" aria-label={t('crm.card.tabs')}>
      {cardTabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end}>
          {t(tab.label)}
        </NavLink>
      ))}
    </nav>
  )
}
