import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { actorOf, getAuth } from '../modules/auth/guards.server'
import { clearSessionCookie, logout } from '../modules/auth/mutations.server'

// Logging out is a POST (a GET must never change state); a GET here just goes home.
export const loader = () => redirect('/')

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await getAuth(request)
  if (auth) await logout({ sessionId: auth.session.id, actor: actorOf(auth, context.clientIp) })
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie() } })
}
