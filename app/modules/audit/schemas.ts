import { z } from 'zod'
import { dayParam } from '../../utils/field-schemas'

// The closed list of audited actions; the audit page filters by it and translates each one.
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.password_changed',
  'session.revoked',
  'session.org_switched',
  'organisation.created',
  'organisation.updated',
  'organisation.disabled',
  'organisation.enabled',
  'user.created',
  'user.updated',
  'membership.added',
  'membership.role_changed',
  'membership.removed',
  'membership.invited',
  'membership.accepted',
  'membership.declined',
  'delivery_terms.updated',
  'ship_to.added',
  'ship_to.removed',
  'order.placed',
  'order.confirmed',
  'order.shipped',
  'order.delivered',
  'order.cancelled',
  'catalog.imported',
  'product.created',
  'product.updated',
  'quantity_rule.changed',
  'price_list.saved',
  'reference.saved',
  'tender.saved',
  'tender.scheduled',
  'tender.cancelled',
  'tender.terms_accepted',
  'tender.lot_paused',
  'tender.lot_resumed',
  'tender.lot_extended',
  'tender.bid_disqualified',
  'tender.awarded',
  'api_key.created',
  'api_key.revoked',
  'api.call',
  'edi.profile_saved',
  'edi.item_mapped',
  'edi.replayed',
  'edi.received',
  'edi.resent',
  // Partner programmes (issue 13).
  'order.returned',
  'partner_application.received',
  'partner_application.checked',
  'partner_application.agreement_offered',
  'partner_application.agreement_accepted',
  'partner_application.activated',
  'partner_application.rejected',
  'password.setup_link_issued',
  'password.set_by_link',
  'programme.saved',
  'tier.evaluated',
  'tier.changed',
  'tier.overridden',
  'target.saved',
  'certification.saved',
  'deal.registered',
  'deal.decided',
  'deal.extended',
  'deal.closed',
  'rebate.programme_saved',
  'rebate.accrued',
  'rebate.period_closed',
  'ledger.held',
  'ledger.released',
  'ledger.reversed',
  'ledger.corrected',
  'ledger.disputed',
  'ledger.dispute_answered',
  'payout.prepared',
  'payout.approved',
  'payout.paid',
  // The desk's tier editor (issue 13, tier-editor.server.ts).
  'programme.tiers_changed',
] as const
export type AuditAction = (typeof auditActions)[number]

const day = dayParam.transform((s) => (s ? new Date(`${s}T00:00:00Z`) : undefined))

// Filters from the URL. Unknown or malformed values are dropped rather than refused: the page always opens.
// "to" is inclusive for people: entries up to the end of that day.
export const AuditQuery = z
  .object({
    action: z.enum(auditActions).optional().catch(undefined),
    actor: z
      .string()
      .trim()
      .max(254)
      .optional()
      .catch(undefined)
      .transform((v) => v || undefined),
    orgId: z.string().uuid().optional().catch(undefined),
    from: day,
    to: day,
    // A cursor (an entry id): beyond a safe integer it cannot be an id, and would not reach SQL as a number.
    before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  })
  .transform((q) => ({ ...q, to: q.to ? new Date(q.to.getTime() + 86_400_000) : undefined }))
