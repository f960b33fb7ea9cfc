import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getMessage } from '../modules/edi/queries.server'
import { apiJson, apiRoute } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

const notFound = () => problemResponse(problem(404, 'not_found', 'No such message', { detail: 'No message of this account has this id.' }))

/** One message: JSON (document + raw text), or the raw body alone in the partner's syntax with `Accept` of that type or `?format=raw`. */
export const loader = (args: LoaderFunctionArgs) =>
  apiRoute(args, 'documents:read', async ({ scope }) => {
    const id = z.string().uuid().safeParse(args.params.messageId)
    if (!id.success) return notFound()
    const message = await getMessage({ scope, id: id.data })
    if (!message) return notFound()
    const accept = args.request.headers.get('accept') ?? ''
    if (new URL(args.request.url).searchParams.get('format') === 'raw' || /application\/(edifact|edi-x12)/.test(accept))
      return new Response(message.raw, { headers: { 'Content-Type': message.contentType } })
    return apiJson(message)
  })
