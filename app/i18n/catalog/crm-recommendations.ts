import type { Entry } from '../index'

// CRM (issue 15): the recommendations pages.
export const crmRecommendations = {} satisfies Record<string, Entry>
