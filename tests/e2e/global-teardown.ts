import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// The server has stopped by now: remove the embedded databases this and earlier runs left in the temp folder.
export default function teardown() {
  for (const name of fs.readdirSync(os.tmpdir()))
    if (name.startsWith('portal-e2e-')) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
}
