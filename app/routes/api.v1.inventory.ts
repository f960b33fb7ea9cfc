import type { LoaderFunctionArgs } from '@remix-run/node'
import { inventoryFor } from '../modules/edi/queries.server'
import { apiJson, apiRoute } from '../utils/api.server'

/** Stock of the account's whole assortment, zero-stock lines included (the JSON form of INVRPT / 846). */
export const loader = (args: LoaderFunctionArgs) => apiRoute(args, 'inventory:read', async ({ scope }) => apiJson(await inventoryFor({ scope })))
