// One instance per process, shared by server.ts and the Remix build (which bundles its own copy of every
// app module): two PGlite instances on one folder would lose writes, two Socket.IO servers would split rooms.
const registry = ((globalThis as { __portalSingletons?: Map<string, unknown> }).__portalSingletons ??= new Map())

export function singleton<T>(name: string, create: () => T): T {
  if (!registry.has(name)) registry.set(name, create())
  return registry.get(name) as T
}

/** Tests put their own instance (a fresh database per worker) in place before the app is imported. */
export function setSingleton<T>(name: string, value: T): T {
  registry.set(name, value)
  return value
}

export function clearSingleton(name: string) {
  registry.delete(name)
}
