import { AsyncLocalStorage } from 'node:async_hooks'
import { env } from '../app/env.server'
import { singleton } from '../app/utils/singleton.server'

// Whose rows the database itself lets a query see: the second layer under the tenant filter every module puts
// in its WHERE clause (anchors §0.1, §1.1 "RLS backstop"). The policies of migration 0014 read the
// transaction-local settings app.scope / app.org_id / app.user_id; the drivers (drivers.server.ts) set them
// from the scope bound here. Who binds what:
// - a web request starts unbound; the guard binds it to the active organisation as soon as the caller is known
//   (dealers, key accounts, suppliers). Staff (the operator organisation) stay unbound: they read any tenant.
// - a socket event is bound to the socket's organisation the same way (realtime/index.ts);
// - everything else (sign-in before the session exists, the auction clock, seeds, migrations, scripts) runs
//   unbound. Unbound means the app connection's session default app.scope = 'any', which the drivers set when
//   they connect; a connection that sets nothing (psql as the app role) sees no tenant rows at all.

/** The organisation a request or socket event acts for; its member, for the memberships they may read. */
export type TenantBinding = { orgId: string; userId: string | null }

interface Holder {
  binding: TenantBinding | null
}

// One store per process: server.ts and the Remix build each bundle their own copy of this module.
const storage = singleton('tenant-scope', () => new AsyncLocalStorage<Holder>())

/** Runs `fn` (a request, a socket event) in a fresh scope that the guard may bind once. */
export function runInTenantScope<T>(fn: () => T, binding: TenantBinding | null = null): T {
  return storage.run({ binding }, fn)
}

/**
 * Binds the current request to one organisation. Binding is one-way: a bound request is never widened nor moved
 * to another organisation (the first binding stays), so nothing later in the request can undo the backstop.
 */
export function bindTenant(binding: TenantBinding) {
  const holder = storage.getStore()
  if (holder && !holder.binding) holder.binding = binding
}

/** The binding the drivers apply to the next statement or transaction; null: the connection's 'any'. */
export function currentTenant(): TenantBinding | null {
  return storage.getStore()?.binding ?? null
}

// T-A4 (anchors §1.3): a test switches the app-layer tenant filter of the order queries off to show that the
// database alone still keeps organisation B's orders from A. Inert unless NODE_ENV is test.
const testHooks = singleton('tenant-scope:test-hooks', () => ({ dropOrderFilter: false }))

export function setOrderFilterDroppedForTests(dropped: boolean) {
  if (env.NODE_ENV !== 'test') throw new Error('test-only switch')
  testHooks.dropOrderFilter = dropped
}

/** The app-layer filter as given, unless a test has switched it off (see above). */
export function orderTenantFilter<T>(filter: T): T | undefined {
  return testHooks.dropOrderFilter && env.NODE_ENV === 'test' ? undefined : filter
}
