import { eq, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Permission } from './permissions'

// Whose data a call may touch, as one typed value (STYLE.md "Learned on this codebase"). Only the guards make one:
// the web guard (`requirePermission`), the socket layer for each event and, next, the API-key guard. Every module
// function that reads or writes tenant data takes it as `({ scope, … })` and puts it in the WHERE clause through
// `inScope`, so a forgotten guard still cannot leak another organisation's row. There is no "null means everyone":
// reading across organisations needs an `any` scope, which names the permission that allowed it.
// Beyond the guards, two named helpers make a scope for ONE organisation only: `narrowScope` (an `any` scope
// narrowed) and `workerScope` (a background worker answering that organisation's own event).

declare const granted: unique symbol

export type AnyPermission = Extract<Permission, `${string}:any`>

/** One organisation's data: a dealer, key account or supplier acting for itself. */
export type OrgScope = { readonly kind: 'org'; readonly orgId: string; readonly [granted]: true }
/** Every organisation's data, for operator staff; `via` is the permission that allowed it (for audit and review). */
export type AnyScope = { readonly kind: 'any'; readonly via: AnyPermission; readonly [granted]: true }
export type Scope = OrgScope | AnyScope
/** The scope a permission grants, as a type: an `…:any` permission an AnyScope, every other one an OrgScope. */
export type ScopeOf<P extends Permission> = P extends AnyPermission ? AnyScope : OrgScope

/**
 * The scope a checked permission grants: an `…:any` permission reads across organisations, every other one only the
 * active organisation. Called by the guards only; the lint refuses it anywhere else in `app/` (eslint.config.js).
 */
export function grantScope<P extends Permission>(permission: P, orgId: string | null): ScopeOf<P> {
  if (permission.endsWith(':any')) return { kind: 'any', via: permission as AnyPermission } as AnyScope as ScopeOf<P>
  if (!orgId) throw new Error(`scope for ${permission} needs an organisation`)
  return { kind: 'org', orgId } as OrgScope as ScopeOf<P>
}

/**
 * An `any` scope narrowed to one organisation: staff who may act on every organisation act on this one, through
 * functions that take an OrgScope (the desk replays an account's message through the account's own pipeline, or
 * sends it its price catalog). It narrows and never widens, so any module may call it; the permission that allowed
 * the `any` scope stays the one checked.
 */
export function narrowScope(scope: AnyScope, orgId: string): OrgScope {
  void scope
  return { kind: 'org', orgId } as OrgScope
}

/** The work the system does for an organisation with no request behind it, each named: one reason, one place. */
export type WorkerReason = 'edi-outbox'

/**
 * The scope of a background worker acting on one organisation's own event (the EDI outbox answering the desk's
 * confirmation of that account's order with its documents). Only what that organisation could read itself.
 */
export function workerScope(reason: WorkerReason, orgId: string): OrgScope {
  void reason
  return { kind: 'org', orgId } as OrgScope
}

/** The tenant filter for a query: the organisation column equals the scope's organisation; nothing for `any`. */
export function inScope(scope: Scope, orgColumn: AnyPgColumn): SQL | undefined {
  return scope.kind === 'org' ? eq(orgColumn, scope.orgId) : undefined
}

/** Whether a scope covers one organisation's data (for a row already read, or a target named by staff). */
export function covers(scope: Scope, orgId: string): boolean {
  return scope.kind === 'any' || scope.orgId === orgId
}
