import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

// The HTTP tests run the Remix build (build/index.js), not the sources: a build older than the code would test
// yesterday's routes and pass. So the integration run builds first whenever a source is newer than the build.

const sources = ['app', 'db', 'realtime', 'remix.config.js']

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)))
  return newest
}

export default function setup() {
  const built = fs.statSync('build/index.js', { throwIfNoEntry: false })?.mtimeMs ?? 0
  const changed = Math.max(...sources.map(newestMtime))
  if (built >= changed) return
  process.stdout.write(built ? 'build/ is older than the sources: running remix build\n' : 'no build/: running remix build\n')
  // As `npm run build` does: NODE_ENV=test here would compile JSX for react's development runtime, which the
  // production server (process.test.ts) cannot run.
  execFileSync(path.resolve('node_modules/.bin/remix'), ['build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
}
