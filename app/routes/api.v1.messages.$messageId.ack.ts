import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { acknowledgeMessage } from '../modules/edi/mutations.server'
import { apiJson, apiRoute } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

const notFound = () => problemResponse(problem(404, 'not_found', 'No such message', { detail: 'No message of this account has this id.' }))

/** Acknowledging is a POST; a GET is told so (RFC 9110 §15.5.6). */
export const loader = () => problemResponse(problem(405, 'method_not_allowed', 'Use POST'), { Allow: 'POST' })

/** Acknowledges one message by id (idempotent): it leaves the "ready" list. */
export const action = (args: ActionFunctionArgs) =>
  apiRoute(args, 'documents:read', async ({ scope, actor }) => {
    if (args.request.method !== 'POST') return problemResponse(problem(405, 'method_not_allowed', 'Use POST'), { Allow: 'POST' })
    const id = z.string().uuid().safeParse(args.params.messageId)
    if (!id.success) return notFound()
    const done = await acknowledgeMessage({ scope, id: id.data, actor })
    return done ? apiJson(done) : notFound()
  })
