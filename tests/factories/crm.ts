import type { DbOrTx } from '../../db/client.server'
import { createCrmCustomersWorld, type CrmWorldInput } from './crm-customers'
import { createCrmForecastsWorld } from './crm-forecasts'
import { createCrmPipelineWorld } from './crm-pipeline'
import { createCrmRecommendationsWorld } from './crm-recommendations'
import { createCrmSegmentsWorld } from './crm-segments'
import { createCrmSurveysWorld } from './crm-surveys'

/** The CRM's part of the shared test world (issue 15): each part's ids under its own prefix. */
export async function createCrmWorld(db: DbOrTx, w: CrmWorldInput) {
  return {
    customers: await createCrmCustomersWorld(db, w),
    pipeline: await createCrmPipelineWorld(db, w),
    segments: await createCrmSegmentsWorld(db, w),
    recommendations: await createCrmRecommendationsWorld(db, w),
    forecasts: await createCrmForecastsWorld(db, w),
    surveys: await createCrmSurveysWorld(db, w),
  }
}
