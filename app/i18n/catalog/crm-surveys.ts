import type { Entry } from '../index'

// CRM (issue 15): the surveys pages.
export const crmSurveys = {
  'nav.surveys': { ru: 'Опросы', en: 'Surveys' },
} satisfies Record<string, Entry>
