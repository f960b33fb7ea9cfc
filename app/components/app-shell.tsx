import { Form, Link, NavLink, useLocation, useRouteLoaderData, useSubmit } from '@remix-run/react'
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { can, type Permission } from '../modules/auth/permissions'
import { InvitationList } from '../modules/tenancy/components/invitation-list'
import type { MessageKey } from '../i18n'
import { useT } from '../i18n/react'
import type { loader as rootLoader } from '../root'

// Navigation shows only what exists and what the active organisation's role may open; the server refuses
// the rest anyway (requirePermission in every loader).
const navItems: { to: string; label: MessageKey; permission?: Permission }[] = [
  { to: '/', label: 'nav.home' },
  { to: '/catalog', label: 'nav.catalog', permission: 'read:catalog:org' },
  { to: '/quick-order', label: 'nav.quickOrder', permission: 'create:order:org' },
  { to: '/cart', label: 'nav.cart', permission: 'create:order:org' },
  { to: '/orders', label: 'nav.orders', permission: 'read:order:org' },
  { to: '/desk/orders', label: 'nav.desk', permission: 'read:order:any' },
  { to: '/desk/catalog', label: 'nav.deskCatalog', permission: 'manage:catalog:any' },
  { to: '/desk/prices', label: 'nav.deskPrices', permission: 'manage:catalog:any' },
  { to: '/desk/tenders', label: 'nav.tenders', permission: 'manage:tender:any' },
  { to: '/tenders', label: 'nav.invitations', permission: 'bid:tender:org' },
  { to: '/admin/organisations', label: 'nav.organisations', permission: 'read:organisation:any' },
  { to: '/admin/users', label: 'nav.users', permission: 'read:user:any' },
  { to: '/admin/audit', label: 'nav.audit', permission: 'read:audit:any' },
  { to: '/org/users', label: 'nav.team', permission: 'manage:user:org' },
  // EDI (issue 12): the account's message log and keys; the operator's EDI desk.
  { to: '/edi', label: 'nav.edi', permission: 'read:edi:org' },
  { to: '/org/api-keys', label: 'nav.apiKeys', permission: 'manage:api_key:org' },
  { to: '/desk/edi', label: 'nav.deskEdi', permission: 'manage:edi:any' },
  // Partner programmes (issue 13): the dealer's programme page; the partner managers' desk and the outgoing mail.
  { to: '/programme', label: 'nav.programme', permission: 'read:partner_programme:org' },
  { to: '/desk/partners', label: 'nav.deskPartners', permission: 'manage:partner_programme:any' },
  { to: '/desk/mail', label: 'nav.deskMail', permission: 'read:mail:any' },
  // Shop assistants (issue 14): the assistant's own pages, the dealer's shops, the partner desk's programmes.
  { to: '/assistant', label: 'nav.assistant', permission: 'read:sarm:own' },
  { to: '/shops', label: 'nav.shops', permission: 'read:sarm:org' },
  { to: '/desk/sarm', label: 'nav.deskSarm', permission: 'manage:sarm:any' },
  { to: '/honour', label: 'nav.honour', permission: 'read:honour_board:org' },
  // CRM (issue 15): the sales and partner managers' customers; a customer's people answer their surveys.
  { to: '/crm', label: 'nav.crm', permission: 'read:crm:any' },
  { to: '/surveys', label: 'nav.surveys', permission: 'read:survey:own' },
  // Every signed-in person's inbox, with its unread count.
  { to: '/inbox', label: 'nav.inbox' },
]

export function AppShell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const { t } = useT()
  const auth = data?.auth
  const location = useLocation()
  const items = navItems.filter((i) => !i.permission || can(auth?.permissions, i.permission))
  const menu = useRef<HTMLDetailsElement>(null)
  // The menu closes once its link has opened the page (a client-side navigation keeps the shell mounted).
  useEffect(() => {
    if (menu.current) menu.current.open = false
  }, [location.key])
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !menu.current?.open) return
    menu.current.open = false
    menu.current.querySelector('summary')?.focus()
  }
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar" onKeyDown={closeOnEscape}>
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        {/* On a phone the navigation and the tools after it hide behind this disclosure (app.css, "E: phone
            header"): <details> opens and closes without JavaScript, from the keyboard, and tells assistive
            technology whether it is expanded. On wide screens it is not shown and everything stays in one row. */}
        {auth ? (
          <details className="menu-toggle" ref={menu}>
            <summary aria-controls="main-nav topbar-tools">
              <span aria-hidden="true" className="menu-icon" />
              {t('nav.menu')}
            </summary>
          </details>
        ) : null}
        {auth ? (
          <nav id="main-nav" aria-label={t('nav.main')}>
            <ul>
              {items.map((i) => (
                <li key={i.to}>
                  <NavLink to={i.to} end={i.to === '/'}>
                    {t(i.label)}
                    {i.to === '/cart' && auth.cartLines ? <CartCount count={auth.cartLines} /> : null}
                    {i.to === '/inbox' && auth.unreadNotices ? <UnreadCount count={auth.unreadNotices} /> : null}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="topbar-tools" id="topbar-tools">
          {auth && auth.memberships.length > 0 ? <OrgSwitcher /> : null}
          <LanguageSwitcher />
          {auth ? (
            <div className="user-menu">
              <Link to="/account/sessions" className="user-name" title={auth.user.email}>
                {auth.user.displayName}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t('nav.logout')}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {auth && auth.invitations.length > 0 && location.pathname !== '/account/invitations' ? (
          <aside className="notice notice-info invitation-banner" aria-labelledby="invitation-banner-title">
            <strong id="invitation-banner-title">{t('invitation.title')}</strong>
            <InvitationList invitations={auth.invitations} />
          </aside>
        ) : null}
        {children}
      </main>
    </>
  )
}

/** The cart's line count beside "Cart" ("Корзина (3 строки)" to a screen reader). */
function CartCount({ count }: { count: number }) {
  const { t } = useT()
  return (
    <span className="nav-count">
      <span className="visually-hidden">({t('nav.cartLines', { count })})</span>
      <span aria-hidden="true">{count}</span>
    </span>
  )
}

/** The unread count beside "Notifications" ("Уведомления (3 непрочитанных)" to a screen reader). */
function UnreadCount({ count }: { count: number }) {
  const { t } = useT()
  return (
    <span className="nav-count" data-testid="unread-count">
      <span className="visually-hidden">({t('nav.inboxUnread', { count })})</span>
      <span aria-hidden="true">{count}</span>
    </span>
  )
}

function OrgSwitcher() {
  const data = useRouteLoaderData<typeof rootLoader>('root')
  const { t } = useT()
  const submit = useSubmit()
  const auth = data!.auth!
  if (auth.memberships.length === 1)
    return (
      <span className="org-name" title={t(`role.${auth.role!}`)}>
        {auth.org?.shortName}
      </span>
    )
  return (
    <Form method="post" action="/org/switch" className="org-switcher" onChange={(e) => submit(e.currentTarget)}>
      <label htmlFor="org-switch" className="visually-hidden">
        {t('nav.activeOrg')}
      </label>
      <select id="org-switch" name="orgId" defaultValue={auth.org?.id} key={auth.org?.id}>
        {auth.memberships.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.shortName} · {t(`role.${m.role}`)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit">{t('nav.switch')}</button>
      </noscript>
    </Form>
  )
}

function LanguageSwitcher() {
  const { t, locale } = useT()
  const location = useLocation()
  const other = locale === 'ru' ? 'en' : 'ru'
  return (
    <Form method="post" action="/lang" className="lang-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <input type="hidden" name="locale" value={other} />
      <button type="submit" lang={other} aria-label={t('nav.switchLanguage')}>
        {other === 'en' ? 'English' : 'Русский'}
      </button>
    </Form>
  )
}
