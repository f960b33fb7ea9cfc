import type { Role } from '../tenancy/roles'

// Permission strings `action:entity:scope` (DESIGN.md §3). Scope: own = the user's own records,
// org = the active organisation's, any = every organisation's (operator staff only).
export type Action = 'read' | 'create' | 'update' | 'delete' | 'manage' | 'switch' | 'bid'
export type Entity =
  | 'organisation'
  | 'user'
  | 'membership'
  | 'audit'
  | 'session'
  | 'password'
  | 'catalog'
  | 'order'
  | 'delivery_terms'
  | 'tender'
  | 'api_key'
  | 'edi'
  | 'notification'
  | 'mail'
  | 'partner_programme'
  | 'deal'
  | 'sarm'
  | 'sale_report'
  | 'honour_board'
  | 'crm'
  | 'recommendation'
  | 'survey'
export type Scope = 'own' | 'org' | 'any'
export type Permission = `${Action}:${Entity}:${Scope}`

/** What every signed-in person may do, whatever the organisation. */
const everyone: Permission[] = [
  'read:session:own',
  'delete:session:own',
  'update:password:own',
  'switch:organisation:own',
  // Their own inbox: read it, mark messages read (issue 13's notification module).
  'read:notification:own',
  'update:notification:own',
]

const orgAdmin: Permission[] = ['read:user:org', 'manage:user:org', 'manage:membership:org']

/** Buyers' organisations see the catalog at their own prices. */
const buyerSide: Permission[] = ['read:catalog:org', 'read:order:org']
/** Who may fill a cart and order for the organisation: its admin and buyers, not its viewers or approvers. */
const ordering: Permission[] = ['create:order:org']

/** Operator staff who run the order desk, the catalog (products, stock, prices) and dealers' delivery terms. */
const orderDesk: Permission[] = ['read:order:any', 'manage:order:any', 'manage:delivery_terms:any', 'manage:catalog:any']

/** Key accounts' own EDI: their admin issues API keys; the account's people see its message log and check files. */
const ediAccount: Permission[] = ['read:edi:org']
const ediAccountAdmin: Permission[] = [...ediAccount, 'manage:api_key:org']
/** Operator staff who keep trading-partner profiles, the mapping queue, the monitor and replay. */
const ediDesk: Permission[] = ['manage:edi:any']

/**
 * Partner managers run partner programmes (issue 13): applications, tiers and overrides, targets, deals, rebates,
 * the incentive ledger and payout batches (approval by another person than the preparer), and read the outgoing
 * mail the portal queues (the page that stands in for a mail server).
 */
const partnerDesk: Permission[] = ['manage:partner_programme:any', 'read:mail:any']
/** Every dealer person sees its programme page: tier and progress, targets, deals, rebates and its ledger lines. */
const partnerSide: Permission[] = ['read:partner_programme:org']
/** Who registers deals for the dealer; its admin also queries ledger lines and keeps certified staff. */
const dealRegistration: Permission[] = ['create:deal:org']
const partnerAdmin: Permission[] = ['manage:partner_programme:org']

/**
 * Shop assistants (issue 14). An assistant sees its own sales, bonus, contests, trainings and events and reports
 * sales; a shop manager confirms its shops' reports and sees their results; the dealer admin also keeps the shops,
 * the roster and the registration code and uploads POS exports; partner managers run bonus programmes, contests
 * (their checks and held prizes), trainings and events. The honour board is published to every dealer person and the
 * partner desk (photos only by consent).
 */
const assistant: Permission[] = ['read:sarm:own', 'create:sale_report:own', 'read:honour_board:org']
const shopManager: Permission[] = ['read:sarm:org', 'update:sale_report:org', 'read:honour_board:org']
const shopsAdmin: Permission[] = [...shopManager, 'manage:sarm:org']
const sarmDesk: Permission[] = ['manage:sarm:any', 'read:honour_board:org']

/**
 * CRM (issue 15). Sales and partner managers work customers: contacts, interactions, tasks, leads and the
 * pipeline, segmentation, recommendations and prompts, forecasts and survey waves. Merging two organisations is the
 * operator admin's (`manage:organisation:any`). Dealers and key accounts see only their own recommendations (and
 * dismiss them) and answer the surveys they were invited to.
 */
const crmDesk: Permission[] = ['read:crm:any', 'manage:crm:any']
const recommendations: Permission[] = ['read:recommendation:org', 'update:recommendation:org']
const surveys: Permission[] = ['read:survey:own', 'update:survey:own']

/** The operator's procurement officers set up and run tenders (reverse auctions) and award them. */
const procurement: Permission[] = ['manage:tender:any']
/** Supplier staff see the tenders their organisation is invited to, accept the terms and bid. */
const bidding: Permission[] = ['bid:tender:org']

export const rolePermissions: Record<Role, readonly Permission[]> = {
  operator_admin: [
    ...everyone,
    ...orgAdmin,
    'read:organisation:any',
    'manage:organisation:any',
    'read:user:any',
    'manage:user:any',
    'manage:membership:any',
    'delete:session:any',
    'read:audit:any',
    ...orderDesk,
    ...ediDesk,
    ...partnerDesk,
    ...sarmDesk,
    ...crmDesk,
  ],
  sales_manager: [...everyone, 'read:organisation:any', ...orderDesk, ...ediDesk, ...crmDesk],
  partner_manager: [...everyone, 'read:organisation:any', ...partnerDesk, ...sarmDesk, ...crmDesk],
  procurement_officer: [...everyone, 'read:organisation:any', ...procurement],
  dealer_admin: [
    ...everyone,
    ...orgAdmin,
    ...buyerSide,
    ...ordering,
    ...partnerSide,
    ...dealRegistration,
    ...partnerAdmin,
    ...shopsAdmin,
    ...recommendations,
    ...surveys,
  ],
  dealer_buyer: [
    ...everyone,
    ...buyerSide,
    ...ordering,
    ...partnerSide,
    ...dealRegistration,
    'read:honour_board:org',
    ...recommendations,
    ...surveys,
  ],
  dealer_approver: [...everyone, ...buyerSide, ...partnerSide, 'read:honour_board:org', ...recommendations, ...surveys],
  dealer_viewer: [...everyone, ...buyerSide, ...partnerSide, 'read:honour_board:org', ...recommendations, ...surveys],
  shop_manager: [...everyone, ...shopManager],
  shop_assistant: [...everyone, ...assistant],
  account_admin: [...everyone, ...orgAdmin, ...buyerSide, ...ordering, ...ediAccountAdmin, ...recommendations, ...surveys],
  account_buyer: [...everyone, ...buyerSide, ...ordering, ...ediAccount, ...recommendations, ...surveys],
  supplier_admin: [...everyone, ...orgAdmin, ...bidding],
  supplier_bidder: [...everyone, ...bidding],
}

/** Every permission some role holds; each has a phrase for people (`permission.<p>` in i18n/catalog/errors.ts). */
export const grantedPermissions: readonly Permission[] = [...new Set(Object.values(rolePermissions).flat())]

/** What a 403 carries to the error page: the missing permission, and whom the person can ask for it. */
export interface Forbidden {
  permission: Permission
  org: { shortName: string; kind: string } | null
  role: Role | null
  operatorName: string | null
  /** The active organisation's administrators (names), when it has any. */
  admins: string[]
}

export function permissionsOf(role: Role | null | undefined): readonly Permission[] {
  return role ? rolePermissions[role] : []
}

/** For the UI only: hides what the server refuses anyway. */
export function can(permissions: readonly string[] | null | undefined, permission: Permission): boolean {
  return !!permissions?.includes(permission)
}
