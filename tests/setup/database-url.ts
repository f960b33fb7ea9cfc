/** The same server URL with another database name. No imports: the benches load it before the app's env is read. */
export function withDatabase(url: string, name: string) {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
