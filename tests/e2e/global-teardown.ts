import fs from 'node:fs'

// The server has stopped by now: remove this run's embedded database (playwright.config.ts names it). Only this
// run's: another run on the same machine may still be using its own folder.
export default function teardown() {
  const dataDir = process.env.PORTAL_E2E_DATA_DIR
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
}
