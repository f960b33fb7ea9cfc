// RFC 9457 problem details: the one error shape of `/api/v1` (and of the Express layer's refusals). `code` is the
// same code the EDI path reports (a SyntaxCode, an order-line reason …); `errors` point into the request body with
// RFC 6901 JSON pointers, each with its own code, so a caller can fix every field in one round.

export interface ProblemError {
  /** RFC 6901 pointer into the request body ('/lines/3/qty'), or the EDI position ('UNH+1/LIN+4/QTY' …). */
  pointer: string
  code: string
  detail: string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  code: string
  instance?: string
  errors?: ProblemError[]
  [extension: string]: unknown
}

const TYPE_BASE = 'https://portal.example/problems/'

export function problem(status: number, code: string, title: string, extra: Omit<Partial<Problem>, 'status' | 'code' | 'title'> = {}): Problem {
  return { type: `${TYPE_BASE}${code.replace(/[^a-z0-9_-]/gi, '-')}`, title, status, code, ...extra }
}

export function problemResponse(p: Problem, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(p), { status: p.status, headers: { 'Content-Type': 'application/problem+json', ...headers } })
}
