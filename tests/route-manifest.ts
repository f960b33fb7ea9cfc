import type { ServerBuild } from '@remix-run/node'
import { clientEvents } from '../realtime/events'
import { roles, type Role } from '../app/modules/tenancy/roles'
import type { createWorld, Identity } from './fixtures'

// Every route of the Remix build and every socket event, with who may use them: the permission matrix checks
// the statuses, the fuzz test picks a permitted caller from it. A new route or event without a row fails both.

export type Who = 'anon' | Role
export type Expect = Record<Who, number>
export type World = Awaited<ReturnType<typeof createWorld>>

const OPERATOR_STAFF: Role[] = ['operator_admin', 'sales_manager', 'partner_manager', 'procurement_officer']
const ORG_ADMINS: Role[] = ['operator_admin', 'dealer_admin', 'account_admin', 'supplier_admin']
const ADMIN: Role[] = ['operator_admin']
const ORDERERS: Role[] = ['dealer_admin', 'dealer_buyer', 'account_admin', 'account_buyer']
const DESK: Role[] = ['operator_admin', 'sales_manager']
const PROCUREMENT_ROLES: Role[] = ['procurement_officer']
const BIDDER_ROLES: Role[] = ['supplier_admin', 'supplier_bidder']
const KEY_ACCOUNT: Role[] = ['account_admin', 'account_buyer']
const KEY_ACCOUNT_ADMIN: Role[] = ['account_admin']
const NO_DOCUMENT = '00000000-0000-4000-8000-000000000000'
const PARTNER_DESK: Role[] = ['operator_admin', 'partner_manager']
export const PARTNER_SIDE: Role[] = ['dealer_admin', 'dealer_buyer', 'dealer_approver', 'dealer_viewer']
export const DEAL_REGISTRARS: Role[] = ['dealer_admin', 'dealer_buyer']
export const PARTNER_ADMIN: Role[] = ['dealer_admin']
// Shop assistants (issue 14): the assistant's own pages; who sees and decides a shop's reports; who changes shops.
const SHOP_ASSISTANT: Role[] = ['shop_assistant']
const SHOP_DECIDERS: Role[] = ['shop_manager', 'dealer_admin']
const SHOP_ADMIN: Role[] = ['dealer_admin']
// Who reads the honour board.
const HONOUR_READERS: Role[] = [
  'operator_admin',
  'partner_manager',
  'dealer_admin',
  'dealer_buyer',
  'dealer_approver',
  'dealer_viewer',
  'shop_manager',
  'shop_assistant',
]
const BUYER_SIDE: Role[] = ['dealer_admin', 'dealer_buyer', 'dealer_approver', 'dealer_viewer', 'account_admin', 'account_buyer']
// CRM (issue 15): the operator's sales and partner managers (and its admin) work customers; organisations merge by
// the admin alone; a customer's buyer-side people see their recommendations and answer their surveys.
export const CRM_STAFF: Role[] = ['operator_admin', 'sales_manager', 'partner_manager']
export const CRM_CUSTOMER_SIDE: Role[] = BUYER_SIDE

/** Everyone gets `status`. */
const all = (status: number): Expect => Object.fromEntries([['anon', status], ...roles.map((r) => [r, status])]) as Expect
/** Signed-in people get `status`; anonymous visitors are sent to sign in. */
const signedIn = (status: number): Expect => ({ ...all(status), anon: 302 })
/** Only `allowed` roles get `status`; other roles get 403 naming the permission; anonymous visitors sign in. */
const only = (allowed: Role[], status: number): Expect =>
  Object.fromEntries([['anon', 302], ...roles.map((r) => [r, allowed.includes(r) ? status : 403])]) as Expect

export interface Row {
  GET?: Expect
  /** An empty form: a permitted caller gets 400 (validation), never a 500. */
  POST?: Expect
  params?: (who: Identity | null, world: World) => Record<string, string>
  /** The POST ends the caller's session: sign in again after it. */
  signsOut?: boolean
}

// ── Shop assistants, contests (issue 14) ──
const CONTEST_DESK: Role[] = ['operator_admin', 'partner_manager']
const CONTEST_DEALER: Role[] = ['dealer_admin', 'shop_manager']
const CONTEST_ASSISTANT: Role[] = ['shop_assistant']

export const matrix: Record<string, Row> = {
  // A shop assistant's home is /assistant (issue 14).
  'routes/_index': { GET: { ...signedIn(200), shop_assistant: 302 } },
  'routes/$': { GET: all(404), POST: all(404), params: () => ({ '*': 'no/such/page' }) },
  // A signed-in visitor is sent home from the sign-in page, also after a failed POST (its loader runs again).
  'routes/login': { GET: { ...all(302), anon: 200 }, POST: { ...all(302), anon: 400 } },
  'routes/logout': { GET: all(302), POST: all(302), signsOut: true },
  'routes/lang': { GET: all(302), POST: all(400) },
  'routes/org.switch': { GET: all(302), POST: signedIn(400) },
  'routes/account.sessions': { GET: signedIn(200), POST: signedIn(400) },
  'routes/account.password': { GET: signedIn(200), POST: signedIn(400) },
  // One's own invitations: a pending one grants no role, so any signed-in person may answer theirs.
  'routes/account.invitations': { GET: signedIn(200), POST: signedIn(400) },
  'routes/admin.organisations._index': { GET: only(OPERATOR_STAFF, 200), POST: all(405) },
  'routes/admin.organisations[.csv]': { GET: only(OPERATOR_STAFF, 200) },
  'routes/admin.organisations.new': { GET: only(ADMIN, 200), POST: only(ADMIN, 400) },
  'routes/admin.organisations.$orgId': { GET: only(OPERATOR_STAFF, 200), POST: only(ADMIN, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/admin.users._index': { GET: only(ADMIN, 200), POST: all(405) },
  'routes/admin.users.new': { GET: only(ADMIN, 200), POST: only(ADMIN, 400) },
  'routes/admin.users.$userId': { GET: only(ADMIN, 200), POST: only(ADMIN, 400), params: (_who, w) => ({ userId: w.people.dealer_buyer.userId }) },
  'routes/admin.audit': { GET: only(ADMIN, 200), POST: all(405) },
  'routes/admin.audit[.csv]': { GET: only(ADMIN, 200) },
  'routes/org.users._index': { GET: only(ORG_ADMINS, 200), POST: only(ORG_ADMINS, 400) },
  'routes/org.users.new': { GET: only(ORG_ADMINS, 200), POST: only(ORG_ADMINS, 400) },
  // Each caller asks for their own user id: org admins see themselves; others lack read:user:org.
  // Everyone on the buyer side may browse; only those who may order may add to the cart from it.
  'routes/catalog._index': { GET: only(BUYER_SIDE, 200), POST: only(ORDERERS, 400) },
  'routes/quick-order': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/cart': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/catalog.prices[.csv]': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.prices[.xlsx]': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.suggest': { GET: only(BUYER_SIDE, 200) },
  'routes/catalog.$sku': { GET: only(BUYER_SIDE, 200), POST: only(ORDERERS, 400), params: (_who, w) => ({ sku: w.product.sku }) },
  'routes/checkout': { GET: only(ORDERERS, 200), POST: only(ORDERERS, 400) },
  'routes/orders._index': { GET: only(BUYER_SIDE, 200), POST: all(405) },
  'routes/orders[.csv]': { GET: only(BUYER_SIDE, 200) },
  // Each caller asks for its own organisation's order (the dealer's for everyone else).
  'routes/orders.$orderId': {
    GET: only(BUYER_SIDE, 200),
    POST: only(ORDERERS, 400),
    params: (who, w) => ({ orderId: w.orders[who?.kind === 'key_account' ? 'key_account' : 'dealer'].id }),
  },
  'routes/orders.$orderId_.pdf': {
    GET: only(BUYER_SIDE, 200),
    params: (who, w) => ({ orderId: w.orders[who?.kind === 'key_account' ? 'key_account' : 'dealer'].id }),
  },
  'routes/desk.orders._index': { GET: only(DESK, 200), POST: all(405) },
  'routes/desk.orders[.csv]': { GET: only(DESK, 200) },
  'routes/desk.orders.$orderId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orderId: w.orders.dealer.id }) },
  'routes/desk.catalog._index': { GET: only(DESK, 200), POST: all(405) },
  'routes/desk.catalog.$productId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ productId: w.product.id }) },
  'routes/desk.catalog.import._index': { GET: only(DESK, 200), POST: only(DESK, 400) },
  'routes/desk.catalog.import.$importId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ importId: w.catalogImport.id }) },
  'routes/desk.catalog.reference': { GET: only(DESK, 200), POST: only(DESK, 400) },
  'routes/desk.prices._index': { GET: only(DESK, 200) },
  'routes/desk.prices.$listId': { GET: only(DESK, 200), POST: only(DESK, 400), params: () => ({ listId: 'new' }) },
  'routes/desk.terms.$orgId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/desk.tenders._index': { GET: only(PROCUREMENT_ROLES, 200) },
  'routes/desk.tenders.$tenderId': {
    GET: only(PROCUREMENT_ROLES, 200),
    POST: only(PROCUREMENT_ROLES, 400),
    params: (_who, w) => ({ tenderId: w.tender.id }),
  },
  'routes/desk.tenders.$tenderId_.protocol[.csv]': { GET: only(PROCUREMENT_ROLES, 200), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/desk.tenders.$tenderId_.protocol[.pdf]': { GET: only(PROCUREMENT_ROLES, 200), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/tenders._index': { GET: only(BIDDER_ROLES, 200) },
  'routes/tenders.$tenderId': { GET: only(BIDDER_ROLES, 200), POST: only(BIDDER_ROLES, 400), params: (_who, w) => ({ tenderId: w.tender.id }) },
  // The world's tender is still live: its supplier report is refused until the lots finish.
  'routes/tenders.$tenderId_.report[.csv]': { GET: only(BIDDER_ROLES, 409), params: (_who, w) => ({ tenderId: w.tender.id }) },
  'routes/org.users.$userId': { GET: only(ORG_ADMINS, 200), params: (who, w) => ({ userId: who?.userId ?? w.people.dealer_admin.userId }) },
  // EDI inbound API (issue 12, helper P): key-only routes, so every cookie-holder is refused as unauthenticated.
  'routes/api.v1.interchanges': { POST: all(401) },
  'routes/api.v1.orders._index': { GET: all(401), POST: all(401) },
  'routes/api.v1.orders.$orderId': { GET: all(401), params: (_who, w) => ({ orderId: w.orders.dealer.id }) },
  // EDI web pages (U): the key account's keys, log and file check; the operator's EDI desk. The world has no EDI
  // document, so a made-up id is a 404 for those who may look (and 403 for the rest).
  'routes/org.api-keys': { GET: only(KEY_ACCOUNT_ADMIN, 200), POST: only(KEY_ACCOUNT_ADMIN, 400) },
  'routes/edi._index': { GET: only(KEY_ACCOUNT, 200) },
  'routes/edi[.csv]': { GET: only(KEY_ACCOUNT, 200) },
  'routes/edi.messages.$documentId': { GET: only(KEY_ACCOUNT, 404), params: () => ({ documentId: NO_DOCUMENT }) },
  'routes/edi.check': { GET: only(KEY_ACCOUNT, 200), POST: only(KEY_ACCOUNT, 400) },
  'routes/desk.edi._index': { GET: only(DESK, 200) },
  'routes/desk.edi.mapping': { GET: only(DESK, 200), POST: only(DESK, 400) },
  'routes/desk.edi.$orgId': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orgId: w.orgs.key_account.id }) },
  'routes/desk.edi.$orgId_.messages[.csv]': { GET: only(DESK, 200), params: (_who, w) => ({ orgId: w.orgs.key_account.id }) },
  'routes/desk.edi.$orgId_.profile': { GET: only(DESK, 200), POST: only(DESK, 400), params: (_who, w) => ({ orgId: w.orgs.key_account.id }) },
  'routes/desk.edi.documents.$documentId': { GET: only(DESK, 404), POST: only(DESK, 400), params: () => ({ documentId: NO_DOCUMENT }) },
  'routes/desk.edi.documents.$documentId_.raw': { GET: only(DESK, 404), params: () => ({ documentId: NO_DOCUMENT }) },
  // EDI outbound (issue 12, helper O): API routes take no cookie, so every cookie-holder gets 401; the document and its page are public.
  'routes/api.v1.messages._index': { GET: all(401) },
  'routes/api.v1.messages.$messageId': { GET: all(401), params: () => ({ messageId: '00000000-0000-4000-8000-000000000000' }) },
  'routes/api.v1.messages.$messageId.ack': { GET: all(405), POST: all(401), params: () => ({ messageId: '00000000-0000-4000-8000-000000000000' }) },
  'routes/api.v1.order-responses': { GET: all(401) },
  'routes/api.v1.despatch-advices': { GET: all(401) },
  'routes/api.v1.invoices': { GET: all(401) },
  'routes/api.v1.price-catalog': { GET: all(401) },
  'routes/api.v1.inventory': { GET: all(401) },
  'routes/api.v1.openapi[.json]': { GET: all(200) },
  'routes/api.v1.docs': { GET: all(200) },
  // Notifications (issue 13): every signed-in person's own inbox; the operator's outgoing mail.
  'routes/inbox': { GET: signedIn(200), POST: signedIn(400) },
  'routes/desk.mail': { GET: only(PARTNER_DESK, 200) },
  // ── PRM onboarding (issue 13) ──
  // Public: anyone may apply; a made-up status or set-up token is the 404 page for everyone.
  'routes/partners.apply': { GET: all(200), POST: all(400) },
  'routes/partners.apply_.$token': {
    GET: all(404),
    POST: all(404),
    params: () => ({ token: '00000000-0000-4000-8000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa' }),
  },
  'routes/account.set-password.$token': {
    GET: all(404),
    POST: all(404),
    params: () => ({ token: 'aaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaa' }),
  },
  'routes/desk.partners.applications._index': { GET: only(PARTNER_DESK, 200) },
  'routes/desk.partners.applications.$applicationId': {
    GET: only(PARTNER_DESK, 404),
    POST: only(PARTNER_DESK, 400),
    params: () => ({ applicationId: NO_DOCUMENT }),
  },
  // ── PRM tiers and targets (issue 13) ──
  'routes/programme._index': { GET: only(PARTNER_SIDE, 200), POST: only(PARTNER_ADMIN, 400) },
  'routes/desk.partners.programme': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  'routes/desk.partners.$orgId': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  // ── PRM deals (issue 13) ──
  // The world has no deal: a made-up id is a 404 for those who may look (and 403 for the rest).
  'routes/programme.deals._index': { GET: only(PARTNER_SIDE, 200) },
  'routes/programme.deals.new': { GET: only(DEAL_REGISTRARS, 200), POST: only(DEAL_REGISTRARS, 400) },
  'routes/programme.deals.$dealId': { GET: only(PARTNER_SIDE, 404), params: () => ({ dealId: NO_DOCUMENT }) },
  'routes/desk.partners.deals._index': { GET: only(PARTNER_DESK, 200) },
  'routes/desk.partners.deals[.csv]': { GET: only(PARTNER_DESK, 200) },
  'routes/desk.partners.deals.$dealId': { GET: only(PARTNER_DESK, 404), POST: only(PARTNER_DESK, 400), params: () => ({ dealId: NO_DOCUMENT }) },
  // ── PRM rebates, ledger and payouts (issue 13) ──
  // Rebate programmes: the partner desk only; the world has none, so a made-up programme is a 404 (an empty form 400).
  'routes/desk.partners.rebates._index': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  'routes/desk.partners.rebates.$programmeId': {
    GET: only(PARTNER_DESK, 404),
    POST: only(PARTNER_DESK, 400),
    params: () => ({ programmeId: NO_DOCUMENT }),
  },
  'routes/desk.partners.ledger': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  'routes/desk.partners.payouts._index': { GET: only(PARTNER_DESK, 200) },
  'routes/desk.partners.payouts.$batchId': { GET: only(PARTNER_DESK, 404), POST: only(PARTNER_DESK, 400), params: () => ({ batchId: NO_DOCUMENT }) },
  'routes/desk.partners.payouts.$batchId[.csv]': { GET: only(PARTNER_DESK, 404), params: () => ({ batchId: NO_DOCUMENT }) },
  'routes/desk.partners.payouts.$batchId[.xlsx]': { GET: only(PARTNER_DESK, 404), params: () => ({ batchId: NO_DOCUMENT }) },
  'routes/programme.ledger._index': { GET: only(PARTNER_SIDE, 200) },
  'routes/programme.ledger.$lineId': { GET: only(PARTNER_SIDE, 404), POST: only(PARTNER_ADMIN, 400), params: () => ({ lineId: NO_DOCUMENT }) },
  'routes/desk.partners.disputes': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  // ── PRM pages (issue 13) ──
  // ── Shop assistants, contests (issue 14) ──
  'routes/desk.sarm.contests._index': { GET: only(CONTEST_DESK, 200) },
  'routes/desk.sarm.contests.new': { GET: only(CONTEST_DESK, 200), POST: only(CONTEST_DESK, 400) },
  'routes/desk.sarm.contests.$contestId': {
    GET: only(CONTEST_DESK, 200),
    POST: only(CONTEST_DESK, 400),
    params: (_who, w) => ({ contestId: w.sarm.contestId }),
  },
  'routes/shops.contests': { GET: only(CONTEST_DEALER, 200) },
  'routes/assistant.contests._index': { GET: only(CONTEST_ASSISTANT, 200) },
  'routes/assistant.contests.$contestId': { GET: only(CONTEST_ASSISTANT, 200), params: (_who, w) => ({ contestId: w.sarm.contestId }) },
  'routes/desk.partners._index': { GET: only(PARTNER_DESK, 200), POST: all(405) },
  // ── Shop assistants, part "sales" (issue 14): shops, rosters, self-registration, sale reports, POS import ──
  // The assistant's own pages (permission and consent); the dealer's shop pages: shop managers and admins see and
  // decide, admins alone change shops, rosters and the code, and upload POS exports.
  'routes/assistant.sales._index': { GET: only(SHOP_ASSISTANT, 200) },
  'routes/assistant.sales.new': { GET: only(SHOP_ASSISTANT, 200), POST: only(SHOP_ASSISTANT, 400) },
  'routes/shops.reports': { GET: only(SHOP_DECIDERS, 200), POST: only(SHOP_DECIDERS, 400) },
  'routes/shops.reports[.csv]': { GET: only(SHOP_DECIDERS, 200) },
  // The world's pending report has no photo: a 404 for those who may look.
  'routes/shops.reports_.$reportId.photo': { GET: only(SHOP_DECIDERS, 404), params: (_who, w) => ({ reportId: w.sarm.reportId }) },
  'routes/shops._index': { GET: only(SHOP_DECIDERS, 200), POST: only(SHOP_ADMIN, 400) },
  'routes/shops.$shopId': { GET: only(SHOP_DECIDERS, 200), POST: only(SHOP_ADMIN, 400), params: (_who, w) => ({ shopId: w.sarm.shopId }) },
  'routes/shops.import': { GET: only(SHOP_ADMIN, 200), POST: only(SHOP_ADMIN, 400) },
  // Self-registration is for visitors: a signed-in person is sent home.
  'routes/join': { GET: { ...all(302), anon: 200 }, POST: { ...all(302), anon: 400 } },
  // ── Shop assistants: bonus above a norm, the assistant's home, the dealer's results, the desk (issue 14, part "bonus") ──
  'routes/assistant._index': { GET: only(['shop_assistant'], 200) },
  'routes/shops.results': { GET: only(['dealer_admin', 'shop_manager'], 200) },
  'routes/shops.results[.csv]': { GET: only(['dealer_admin', 'shop_manager'], 200) },
  // The desk: the world's bonus programme is open to partner managers; an empty form is a 400 (nothing saved).
  'routes/desk.sarm._index': { GET: only(['operator_admin', 'partner_manager'], 200) },
  'routes/desk.sarm.sales[.csv]': { GET: only(['operator_admin', 'partner_manager'], 200) },
  'routes/desk.sarm.bonuses._index': { GET: only(['operator_admin', 'partner_manager'], 200) },
  'routes/desk.sarm.bonuses.new': { GET: only(['operator_admin', 'partner_manager'], 200), POST: only(['operator_admin', 'partner_manager'], 400) },
  'routes/desk.sarm.bonuses.$programmeId': {
    GET: only(['operator_admin', 'partner_manager'], 200),
    POST: only(['operator_admin', 'partner_manager'], 400),
    params: (_who, w) => ({ programmeId: w.sarm.bonusId }),
  },
  // ── Shop assistants, part "learning" (issue 14): consents, trainings, events, the honour board ──
  // The consent page needs the permission only (the guard sends people without consent there); an empty POST has no intent.
  'routes/assistant.consent': { GET: only(SHOP_ASSISTANT, 200), POST: only(SHOP_ASSISTANT, 400) },
  'routes/assistant.trainings._index': { GET: only(SHOP_ASSISTANT, 200) },
  'routes/assistant.trainings.$trainingId': {
    GET: only(SHOP_ASSISTANT, 200),
    POST: only(SHOP_ASSISTANT, 400),
    params: (_who, w) => ({ trainingId: w.sarm.trainingId }),
  },
  // Not completed yet: no certificate.
  'routes/assistant.trainings.$trainingId_.certificate[.pdf]': {
    GET: only(SHOP_ASSISTANT, 404),
    params: (_who, w) => ({ trainingId: w.sarm.trainingId }),
  },
  'routes/assistant.events': { GET: only(SHOP_ASSISTANT, 200), POST: only(SHOP_ASSISTANT, 400) },
  'routes/honour._index': { GET: only(HONOUR_READERS, 200) },
  // The cast's assistant has no photo.
  'routes/honour.photo.$userId': { GET: only(HONOUR_READERS, 404), params: (_who, w) => ({ userId: w.people.shop_assistant.userId }) },
  'routes/desk.sarm.trainings._index': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  'routes/desk.sarm.trainings.$trainingId': {
    GET: only(PARTNER_DESK, 200),
    POST: only(PARTNER_DESK, 400),
    params: (_who, w) => ({ trainingId: w.sarm.trainingId }),
  },
  'routes/desk.sarm.trainings.$trainingId_.completions[.csv]': {
    GET: only(PARTNER_DESK, 200),
    params: (_who, w) => ({ trainingId: w.sarm.trainingId }),
  },
  'routes/desk.sarm.events._index': { GET: only(PARTNER_DESK, 200), POST: only(PARTNER_DESK, 400) },
  'routes/desk.sarm.events.$eventId': {
    GET: only(PARTNER_DESK, 200),
    POST: only(PARTNER_DESK, 400),
    params: (_who, w) => ({ eventId: w.sarm.eventId }),
  },
  // ── CRM (issue 15): the customer card's frame; each part's rows below its own heading ──
  'routes/crm.customers.$orgId': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  // ── CRM part "customers": home, customers, contacts, interactions, tasks, the card's overview ──
  'routes/crm._index': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.customers._index': { GET: only(CRM_STAFF, 200) },
  'routes/crm.customers[.csv]': { GET: only(CRM_STAFF, 200) },
  'routes/crm.customers[.xlsx]': { GET: only(CRM_STAFF, 200) },
  'routes/crm.customers.$orgId._index': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/crm.tasks': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  // ── CRM part "pipeline": leads, stages, the sales-cycle report, duplicates and merges ──
  'routes/crm.pipeline._index': { GET: only(CRM_STAFF, 200) },
  'routes/crm.pipeline[.csv]': { GET: only(CRM_STAFF, 200) },
  'routes/crm.pipeline.new': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.pipeline.$leadId': {
    GET: only(CRM_STAFF, 200),
    POST: only(CRM_STAFF, 400),
    params: (_who, w) => ({ leadId: w.crm.pipeline.leadId }),
  },
  'routes/crm.pipeline.regions': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.pipeline.report': { GET: only(CRM_STAFF, 200) },
  // Every CRM desk role views and merges contacts; an empty form is a 400 before the organisation check (admin only).
  'routes/crm.duplicates': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  // ── CRM part "segments": ABC/XYZ/CLV runs and margin analysis ──
  'routes/crm.segments._index': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.segments.$runId': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ runId: w.crm.segments.runId }) },
  'routes/crm.segments.$runId[.csv]': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ runId: w.crm.segments.runId }) },
  'routes/crm.segments.$runId[.xlsx]': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ runId: w.crm.segments.runId }) },
  'routes/crm.segments.margins': { GET: only(CRM_STAFF, 200) },
  // ── CRM part "recommendations": similar dealers bought, the regular-customer prompt, churn risk ──
  'routes/crm.recommendations': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.recommendations[.csv]': { GET: only(CRM_STAFF, 200) },
  'routes/crm.customers.$orgId.offers': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/recommendations.dismiss': { POST: only(CRM_CUSTOMER_SIDE, 400) },
  // ── CRM part "forecasts": monthly forecasts and their accuracy ──
  'routes/crm.forecasts._index': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 302) },
  'routes/crm.customers.$orgId.forecast': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  // ── CRM part "surveys": SERVQUAL waves, answers and scores ──
  'routes/crm.surveys._index': { GET: only(CRM_STAFF, 200), POST: only(CRM_STAFF, 400) },
  'routes/crm.surveys.$waveId': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ waveId: w.crm.surveys.waveId! }) },
  'routes/crm.surveys.$waveId[.csv]': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ waveId: w.crm.surveys.waveId! }) },
  'routes/crm.customers.$orgId.service': { GET: only(CRM_STAFF, 200), params: (_who, w) => ({ orgId: w.orgs.dealer.id }) },
  'routes/surveys._index': { GET: only(CRM_CUSTOMER_SIDE, 200) },
  // Each buyer-side person opens their own invitation; everyone else is refused before any lookup.
  'routes/surveys.$invitationId': {
    GET: only(CRM_CUSTOMER_SIDE, 200),
    POST: only(CRM_CUSTOMER_SIDE, 400),
    params: (who, w) => ({ invitationId: w.crm.surveys[`invitation:${who?.role}`] ?? w.crm.surveys['invitation:dealer_admin']! }),
  },
}

/** Express routes outside Remix. */
export const expressRoutes: Record<string, Expect> = { '/healthz': all(200), '/readyz': all(200) }

/** Socket events: anonymous handshakes are refused; every role may ask who it is; the auction room answers the
 * buyer's procurement staff and the invited supplier's people only. */
export const socketEvents: Record<(typeof clientEvents)[number], Role[]> = {
  'session:whoami': roles,
  'auction:watch': [...PROCUREMENT_ROLES, ...BIDDER_ROLES],
  'auction:sync': [...PROCUREMENT_ROLES, ...BIDDER_ROLES],
  'auction:bid': BIDDER_ROLES,
  'auction:ping': roles,
  // A contest's live board: its participants' assistants, shop managers and dealer admins, and the partner desk.
  'contest:watch': [...CONTEST_DESK, ...CONTEST_DEALER, ...CONTEST_ASSISTANT],
}

/** What the manifest lacks or has too many of, against the build and the socket event list; empty when complete. */
export function manifestGaps(build: ServerBuild): string[] {
  const routeIds = Object.keys(build.routes).filter((id) => id !== 'root')
  const gaps = [
    ...routeIds.filter((id) => !matrix[id]).map((id) => `no row for ${id}`),
    ...Object.keys(matrix)
      .filter((id) => !routeIds.includes(id))
      .map((id) => `a row for ${id}, which the build lacks`),
    ...clientEvents.filter((e) => !socketEvents[e]).map((e) => `no row for socket event ${e}`),
    ...Object.keys(socketEvents)
      .filter((e) => !(clientEvents as readonly string[]).includes(e))
      .map((e) => `a row for socket event ${e}, which realtime/events.ts lacks`),
  ]
  for (const id of routeIds) {
    const mod = build.routes[id].module
    if (mod.loader && !matrix[id]?.GET) gaps.push(`${id}: no GET cell`)
    if (mod.action && !matrix[id]?.POST) gaps.push(`${id}: no POST cell`)
  }
  return gaps
}

/** The route's URL with its params filled in. */
export function urlOf(build: ServerBuild, routeId: string, params: Record<string, string>) {
  const segments: string[] = []
  for (let id: string | undefined = routeId; id; id = build.routes[id]?.parentId) {
    const p = build.routes[id]?.path
    if (p) segments.unshift(p)
  }
  const url = '/' + segments.join('/')
  // An index route under a layout of its own (the customer card's overview) takes its form posts with `?index`,
  // as Remix's <Form> sends them; without it the post would reach the layout.
  const index = routeId.endsWith('._index') && build.routes[routeId]?.parentId !== 'root' ? '?index' : ''
  return url.replace(/:(\w+)/g, (_m, name: string) => params[name]).replace(/\/\*$/, `/${params['*'] ?? ''}`) + index
}

/** The first role the matrix lets through `method` (any answer but sign-in or 403), or anon when only anon is. */
export function permittedCaller(row: Row, method: 'GET' | 'POST'): Who | undefined {
  const cell = row[method]
  if (!cell) return undefined
  const role = roles.find((r) => cell[r] !== 403 && !(cell[r] === 302 && cell.anon !== 302))
  if (role) return role
  return cell.anon !== 302 ? 'anon' : undefined
}
