import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '../i18n/locale.server'
import { requirePermission } from '../modules/auth/guards.server'
import { MessageQuery } from '../modules/edi/profile-schemas'
import { messagesCsv } from '../modules/edi/queries.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requirePermission(request, 'read:edi:org')
  const query = MessageQuery.parse(Object.fromEntries(new URL(request.url).searchParams))
  return messagesCsv({ scope: auth.scope, query, locale: resolveLocale(request, auth.user.locale) })
}
