import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AppShell } from './components/app-shell'
import { GeneralErrorBoundary } from './components/error-boundary'
import { resolveLocale } from './i18n/locale.server'
import { translate, type Locale } from './i18n'
import { LocaleProvider } from './i18n/react'
import { env } from './env.server'
import { getAuth, requirePermission } from './modules/auth/guards.server'
import { can } from './modules/auth/permissions'
import { countUnreadNotices } from './modules/notifications/queries.server'
import { countCartLines } from './modules/ordering/queries.server'
import { useNonce } from './utils/nonce'
import stylesHref from './styles/app.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: translate(data?.locale ?? 'ru', 'app.title') }]

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getAuth(request)
  const locale = resolveLocale(request, auth?.user.locale)
  // The count beside "Cart" for people who may order; Remix re-runs this loader after every action, so it follows.
  // The guard grants the scope (already allowed: `can` checked it); the request's auth is loaded once.
  const cartLines =
    auth?.org && can(auth.permissions, 'create:order:org')
      ? await countCartLines({ scope: (await requirePermission(request, 'create:order:org')).scope, userId: auth.user.id })
      : null
  // The unread count beside "Notifications": every signed-in person has an inbox.
  const unreadNotices = auth ? await countUnreadNotices({ userId: auth.user.id }) : 0
  return json({
    locale,
    timeZone: env.OPERATOR_TIME_ZONE,
    auth: auth && {
      user: { id: auth.user.id, displayName: auth.user.displayName, email: auth.user.email },
      org: auth.org,
      role: auth.role,
      memberships: auth.memberships.map((m) => ({ orgId: m.orgId, shortName: m.shortName, kind: m.kind, role: m.role })),
      invitations: auth.invitations.map((i) => ({ orgId: i.orgId, shortName: i.shortName, role: i.role, invitedByName: i.invitedByName })),
      permissions: auth.permissions,
      cartLines,
      unreadNotices,
    },
  })
}

export type RootData = Awaited<ReturnType<typeof loader>> extends { json(): Promise<infer T> } ? T : never

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const nonce = useNonce()
  const locale: Locale = data?.locale ?? 'ru'
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleProvider locale={locale}>{children}</LocaleProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  )
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <GeneralErrorBoundary />
    </AppShell>
  )
}
