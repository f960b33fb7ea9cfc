import type { Entry } from '../index'

// CRM (issue 15): the segments pages.
export const crmSegments = {} satisfies Record<string, Entry>
