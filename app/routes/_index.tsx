import type { LoaderFunctionArgs } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import { can, type Permission } from '../modules/auth/permissions'
import { requireUser } from '../modules/auth/guards.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request)
  // A shop assistant has one home, built for the phone at the counter (issue 14); nothing here is theirs.
  if (auth.role === 'shop_assistant') throw redirect('/assistant')
  return json({
    displayName: auth.user.displayName,
    // The active organisation comes with the role in it (one without the other is no organisation to work in).
    org: auth.org && auth.role ? { shortName: auth.org.shortName, kind: auth.org.kind, role: auth.role } : null,
    permissions: auth.permissions,
    invited: auth.invitations.length > 0,
  })
}

const tiles: { to: string; title: MessageKey; text: MessageKey; permission: Permission }[] = [
  { to: '/catalog', title: 'nav.catalog', text: 'home.tile.catalog', permission: 'read:catalog:org' },
  { to: '/quick-order', title: 'nav.quickOrder', text: 'home.tile.quickOrder', permission: 'create:order:org' },
  { to: '/orders', title: 'nav.orders', text: 'home.tile.orders', permission: 'read:order:org' },
  { to: '/desk/orders', title: 'nav.desk', text: 'home.tile.desk', permission: 'read:order:any' },
  { to: '/desk/catalog', title: 'nav.deskCatalog', text: 'home.tile.deskCatalog', permission: 'manage:catalog:any' },
  { to: '/desk/tenders', title: 'nav.tenders', text: 'home.tile.tenders', permission: 'manage:tender:any' },
  { to: '/tenders', title: 'nav.invitations', text: 'home.tile.invitations', permission: 'bid:tender:org' },
  { to: '/admin/organisations', title: 'nav.organisations', text: 'home.tile.organisations', permission: 'read:organisation:any' },
  { to: '/admin/users', title: 'nav.users', text: 'home.tile.users', permission: 'read:user:any' },
  { to: '/admin/audit', title: 'nav.audit', text: 'home.tile.audit', permission: 'read:audit:any' },
  { to: '/org/users', title: 'nav.team', text: 'home.tile.team', permission: 'manage:user:org' },
  { to: '/account/sessions', title: 'account.sessions.title', text: 'home.tile.sessions', permission: 'read:session:own' },
  { to: '/account/password', title: 'account.password.title', text: 'home.tile.password', permission: 'update:password:own' },
]

/** Each organisation kind has its own home; later modules add their tiles here. */
export default function Home() {
  const data = useLoaderData<typeof loader>()
  const { t } = useT()
  if (!data.org)
    return (
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t('home.noOrg.title')}</h1>
        <p>{t(data.invited ? 'home.noOrg.invited' : 'home.noOrg.text')}</p>
      </section>
    )
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t(`home.title.${data.org.kind}`)}</h1>
      <p className="lead">{t('home.greeting', { name: data.displayName, org: data.org.shortName, role: t(`role.${data.org.role}`) })}</p>
      <ul className="tiles">
        {tiles
          .filter((tile) => can(data.permissions, tile.permission))
          .map((tile) => (
            <li key={tile.to}>
              <Link to={tile.to} className="tile">
                <strong>{t(tile.title)}</strong>
                <span>{t(tile.text)}</span>
              </Link>
            </li>
          ))}
      </ul>
    </section>
  )
}
