import type { Entry } from '../index'

// CRM (issue 15): the pipeline pages.
export const crmPipeline = {} satisfies Record<string, Entry>
