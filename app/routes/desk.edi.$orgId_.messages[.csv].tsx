import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { MessageQuery } from '../modules/edi/profile-schemas'
import { messagesCsv } from '../modules/edi/queries.server'
import { uuidParam } from '../utils/http.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'manage:edi:any')
  const query = MessageQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return messagesCsv({ scope: auth.scope, orgId: uuidParam(params.orgId), query, locale: resolveLocale(request, auth.user.locale) })
}
