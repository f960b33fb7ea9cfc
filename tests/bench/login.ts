// `npm run bench:login`: sign-in throughput against the machine's argon2 limit measured in the same run, and
// good-login latency while a bad-password flood hits other logins. Ratios, never gates: machines here are noisy.
import { execSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hash, verify } from '@node-rs/argon2'
import postgres from 'postgres'
import { DEMO_PASSWORD, demoLogins } from '../../db/demo-data'

const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } // the app's parameters (password.server.ts)
const cores = os.availableParallelism()
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 8_000)
const WARMUP_MS = 2_000
const FLOOD_PER_SECOND = 200
const REPS = 3

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN
}
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : NaN
}
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d

async function argon2MsPerHash() {
  const h = await hash(DEMO_PASSWORD, ARGON2)
  for (let i = 0; i < 3; i++) await verify(h, DEMO_PASSWORD)
  const times: number[] = []
  for (let i = 0; i < 30; i++) {
    const t = performance.now()
    await verify(h, DEMO_PASSWORD)
    times.push(performance.now() - t)
  }
  return median(times)
}

function cpuSecondsOf(pid: number) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime + stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

async function startServer() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DEMO_MODE: 'true',
    SEED_ON_EMPTY: 'true',
    PGLITE_DATA_DIR: path.join(dataDir, 'db'),
    // The benchmark plays a proxy-fronted deployment: many client IPs arrive through X-Forwarded-For.
    TRUST_PROXY_HOPS: '1',
  }
  let dropDb: (() => Promise<void>) | null = null
  if (process.env.DATABASE_URL) {
    const name = `portal_bench_${process.pid}`
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} })
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`)
    await admin.unsafe(`CREATE DATABASE ${name}`)
    const u = new URL(process.env.DATABASE_URL)
    u.pathname = `/${name}`
    env.DATABASE_URL = u.toString()
    execSync('npx tsx db/migrate.ts && npx tsx db/seed.ts', { env, stdio: 'ignore' })
    dropDb = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  } else delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+)/.exec(out)
      if (m) {
        clearInterval(timer)
        resolve(Number(m[1]))
      }
    }, 50)
    child.on('exit', () => reject(new Error(`server exited: ${out}`)))
  })
  // Request log lines are not needed; stop collecting them.
  child.stdout!.removeAllListeners('data')
  child.stdout!.resume()
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      fs.rmSync(dataDir, { recursive: true, force: true })
      await dropDb?.()
    },
  }
}

// The device cookie each demo user's browser got at its first sign-in: regular users sign in from known devices.
const deviceCookies = new Map<string, string>()

async function postLogin(base: string, email: string, password: string, ip: string) {
  const t = performance.now()
  const headers: Record<string, string> = { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip }
  const device = deviceCookies.get(email)
  if (device) headers.cookie = device
  const res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers, body: new URLSearchParams({ email, password }) })
  await res.arrayBuffer()
  if (res.status === 302 && !device) {
    const pair = res.headers
      .getSetCookie()
      .find((c) => c.includes('portal_device='))
      ?.split(';')[0]
    if (pair) deviceCookies.set(email, pair)
  }
  return { status: res.status, ms: performance.now() - t }
}

/** Closed loop: `concurrency` clients sign in back to back with the right password. */
async function goodLogins(base: string, concurrency: number, ms: number, ipPrefix: string) {
  const latencies: number[] = []
  let ok = 0
  let other = 0
  const until = performance.now() + ms
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < until; i += concurrency) {
        const { status, ms: took } = await postLogin(base, demoLogins[i % demoLogins.length].email, DEMO_PASSWORD, `${ipPrefix}.${w + 1}`)
        if (status === 302) {
          ok++
          latencies.push(took)
        } else other++
      }
    }),
  )
  return { perSecond: ok / (ms / 1000), p50: median(latencies), p99: quantile(latencies, 0.99), failed: other }
}

/** Open loop: 200 bad-password requests a second, each from another IP and login, for `ms`. */
async function flood(base: string, ms: number, offset: number) {
  const statuses: Record<number, number> = {}
  const pending: Promise<void>[] = []
  const started = performance.now()
  let n = 0
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * FLOOD_PER_SECOND)
      for (; n < due; n++) {
        const k = offset + n
        pending.push(
          postLogin(base, `nobody-${k}@bench.test`, 'wrong password', `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`)
            .then((r) => void (statuses[r.status] = (statuses[r.status] ?? 0) + 1))
            .catch(() => void (statuses[0] = (statuses[0] ?? 0) + 1)),
        )
      }
      if (performance.now() - started >= ms) {
        clearInterval(timer)
        resolve()
      }
    }, 5)
  })
  await Promise.all(pending)
  return { sent: n, achievedPerSecond: n / (ms / 1000), statuses }
}

async function main() {
  const loadBefore = os.loadavg()[0]
  const sha = (() => {
    try {
      return execSync('git rev-parse --short HEAD').toString().trim()
    } catch {
      return 'unknown'
    }
  })()
  const server = await startServer()
  const base = `http://127.0.0.1:${server.port}`
  const database = process.env.DATABASE_URL ? 'postgres' : 'pglite'
  console.log(`bench:login — node ${process.version}, ${cores} cores, ${database}, git ${sha}, load ${round(loadBefore)}`)

  const concurrency = cores * 2
  for (const l of demoLogins) await postLogin(base, l.email, DEMO_PASSWORD, '192.0.2.1')
  await goodLogins(base, concurrency, WARMUP_MS, '192.0.2')
  const a: { limit: number; argonMs: number; perSecond: number; ratio: number; p50: number; p99: number }[] = []
  const b: { p50: number; p99: number; perSecond: number; flood: Awaited<ReturnType<typeof flood>> }[] = []
  const cpuGen0 = process.cpuUsage()
  const cpuSrv0 = cpuSecondsOf(server.pid)
  for (let rep = 0; rep < REPS; rep++) {
    // The physical limit, measured next to each phase: every core hashing, nothing else.
    const argonMs = await argon2MsPerHash()
    const limit = (cores * 1000) / argonMs
    const good = await goodLogins(base, concurrency, PHASE_MS, '192.0.2')
    a.push({ limit, argonMs, perSecond: good.perSecond, ratio: good.perSecond / limit, p50: good.p50, p99: good.p99 })
    console.log(
      `  A${rep + 1}: ${round(good.perSecond, 1)} logins/s, limit ${round(limit, 1)}/s (argon2 ${round(argonMs)} ms) → ratio ${round(good.perSecond / limit)}; p50 ${round(good.p50, 1)} ms, p99 ${round(good.p99, 1)} ms`,
    )

    const [underFlood, f] = await Promise.all([goodLogins(base, 1, PHASE_MS, '198.51.100'), flood(base, PHASE_MS, rep * 1_000_000)])
    b.push({ p50: underFlood.p50, p99: underFlood.p99, perSecond: underFlood.perSecond, flood: f })
    console.log(
      `  B${rep + 1}: good-login p50 ${round(underFlood.p50, 1)} ms, p99 ${round(underFlood.p99, 1)} ms (${round(underFlood.perSecond, 1)}/s) while ${round(f.achievedPerSecond)} bad/s: ${JSON.stringify(f.statuses)}`,
    )
  }
  const cpuGen = process.cpuUsage(cpuGen0)
  const cpuSrv = cpuSecondsOf(server.pid) - cpuSrv0
  await server.stop()

  const spread = (xs: number[]) => `${round(Math.min(...xs))}–${round(Math.max(...xs))}`
  const summary = {
    bench: 'login',
    node: process.version,
    cores,
    database,
    git: sha,
    loadBefore: round(loadBefore),
    argon2MsMedian: round(median(a.map((x) => x.argonMs))),
    limitPerSecond: round(median(a.map((x) => x.limit)), 1),
    loginsPerSecond: round(median(a.map((x) => x.perSecond)), 1),
    ratio: round(median(a.map((x) => x.ratio))),
    ratioSpread: spread(a.map((x) => x.ratio)),
    goodP50Ms: round(median(a.map((x) => x.p50)), 1),
    goodP99Ms: round(median(a.map((x) => x.p99)), 1),
    underFloodP50Ms: round(median(b.map((x) => x.p50)), 1),
    underFloodP99Ms: round(median(b.map((x) => x.p99)), 1),
    underFloodP99Spread: spread(b.map((x) => x.p99)),
    floodPerSecond: round(median(b.map((x) => x.flood.achievedPerSecond)), 1),
    generatorCpuSeconds: round((cpuGen.user + cpuGen.system) / 1e6, 1),
    serverCpuSeconds: round(cpuSrv, 1),
  }
  console.log(
    `\nSuccessful logins/s ÷ (cores × 1000 / argon2 ms): ${summary.ratio} (median of ${REPS}, spread ${summary.ratioSpread}); ${summary.loginsPerSecond}/s against a limit of ${summary.limitPerSecond}/s`,
  )
  console.log(
    `Good-login p99 under a ${FLOOD_PER_SECOND}/s bad-password flood: ${summary.underFloodP99Ms} ms (p50 ${summary.underFloodP50Ms} ms); without it: p99 ${summary.goodP99Ms} ms`,
  )
  console.log(
    `The load generator shares the ${cores} cores: it used ${summary.generatorCpuSeconds} CPU-s, the server ${summary.serverCpuSeconds} CPU-s.`,
  )
  console.log(JSON.stringify(summary))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
