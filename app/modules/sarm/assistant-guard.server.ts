import { redirect } from '@remix-run/node'
import { db } from '../../../db/client.server'
import { requirePermission } from '../auth/guards.server'
import { activeConsent } from './consents.server'

// A shop assistant's pages need two things: the permission (`read:sarm:own`, checked by the guard) and the
// person's consent to processing (152-FZ). Without the consent — never given, or withdrawn — the only page open is
// the consent page itself, which says what is processed and why.

export async function requireAssistant(request: Request) {
  const auth = await requirePermission(request, 'read:sarm:own')
  if (!(await activeConsent(db, { orgId: auth.org.id, userId: auth.user.id, purpose: 'processing' }))) {
    const url = new URL(request.url)
    throw redirect(`/assistant/consent?redirectTo=${encodeURIComponent(url.pathname + url.search)}`)
  }
  return auth
}
