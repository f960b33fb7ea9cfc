import type { LoaderFunctionArgs } from '@remix-run/node'
import { getApiOrder } from '../modules/edi/queries.server'
import { apiJson, apiRoute } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

// GET /api/v1/orders/{id}: one of the account's orders with status, lines and its order response; another
// account's id is a 404 like an unknown one.
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'orders:read', async (auth) => {
    const order = await getApiOrder({ scope: auth.scope, orderId: args.params.orderId ?? '' })
    if (!order) return problemResponse(problem(404, 'not_found', 'No such order', { detail: 'No order of this account has this id.' }))
    return apiJson(order)
  })
