import type { Entry } from '../index'

// CRM (issue 15): the forecasts pages.
export const crmForecasts = {} satisfies Record<string, Entry>
