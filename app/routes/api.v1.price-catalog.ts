import type { LoaderFunctionArgs } from '@remix-run/node'
import { priceCatalogFor } from '../modules/edi/queries.server'
import { apiJson, apiRoute } from '../utils/api.server'
import { businessClock } from '../utils/clock.server'

/** The account's contract prices today, as a PriceCatalog (the JSON form of PRICAT / 832). */
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'catalog:read', async ({ scope }) => {
    const { today } = await businessClock()
    return apiJson(await priceCatalogFor({ scope, date: today }))
  })
