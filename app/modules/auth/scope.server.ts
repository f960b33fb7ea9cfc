import { eq, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Permission } from './permissions'

// Whose data a call may touch, as one typed value (STYLE.md "Learned on this codebase"). Only the guards make one:
// the web guard (`requirePermission`), the socket layer for each event and, next, the API-key guard. Every module
// function that reads or writes tenant data takes it as `({ scope, … })` and puts it in the WHERE clause through
// `inScope`, so a forgotten guard still cannot leak another organisation's row. There is no "null means everyone":
// reading across organisations needs an `any` scope, which names the permission that allowed it.

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

/** The tenant filter for a query: the organisation column equals the scope's organisation; nothing for `any`. */
export function inScope(scope: Scope, orgColumn: AnyPgColumn): SQL | undefined {
  return scope.kind === 'org' ? eq(orgColumn, scope.orgId) : undefined
}

/** Whether a scope covers one organisation's data (for a row already read, or a target named by staff). */
export function covers(scope: Scope, orgId: string): boolean {
  return scope.kind === 'any' || scope.orgId === orgId
}
