import type { ActionFunctionArgs } from '@remix-run/node'
import { receiveInterchange } from '../modules/edi/mutations.server'
import { apiRoute } from '../utils/api.server'
import { problem, problemResponse } from '../utils/problem'

// POST /api/v1/interchanges: raw EDIFACT or X12 in the body (any content type); the answer is our CONTRL / 997 /
// TA1 in the partner's syntax, 200 also when it rejects (the acknowledgement carries the verdict). `?dryRun=1` is the
// check: the same parse, decisions and acknowledgement, nothing created.
export const action = (args: ActionFunctionArgs) =>
  apiRoute(args, 'orders:write', async (auth) => {
    // Remix hands every non-GET method to the action: a PUT or DELETE must not receive an interchange (RFC 9110 §15.5.6).
    if (args.request.method !== 'POST') return problemResponse(problem(405, 'method_not_allowed', 'Use POST'), { Allow: 'POST' })
    const dryRun = new URL(args.request.url).searchParams.get('dryRun') === '1'
    const bytes = Buffer.from(await args.request.arrayBuffer())
    const answer = await receiveInterchange({
      scope: auth.scope,
      key: auth.key,
      actor: auth.actor,
      bytes,
      contentType: args.request.headers.get('content-type') ?? '',
      channel: dryRun ? 'check' : 'interchanges',
    })
    return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': answer.contentType } })
  })
