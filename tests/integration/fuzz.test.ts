import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import fc from 'fast-check'
import { strToU8, zipSync } from 'fflate'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roles, type Role } from '../../app/modules/tenancy/roles'
import { createWorld } from '../fixtures'
import { startApp, type App } from '../http-harness'
import { manifestGaps, matrix, permittedCaller, socketEvents, urlOf, type Who, type World } from '../route-manifest'

// Issue 9: the suite hunts for bad-input bugs itself. Driven by the route manifest (the permission matrix's rows),
// it opens every page as a permitted caller, reads its forms and links, and sends each form and query parameter a
// bounded set of hostile values, hostile names, wrong content types and hostile uploads; every socket event gets
// hostile payloads. Any 5xx, an answer over the size bound or slower than the time bound fails, and so does a
// /healthz that stalls while all this runs. FUZZ_DEPTH=deep sends more values, random ones from fixed seeds.

const DEEP = process.env.FUZZ_DEPTH === 'deep'
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_901)
/** Bounds generous for a loaded 2-core CI machine: the point is catching multi-second stalls, not tuning. */
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 2000)
// /healthz shares the bound: under the CI's parallel load a 750 ms bound failed with nothing blocking (45 ms alone);
// a handler that blocks the event loop for seconds still shows.
const HEALTH_MAX_MS = Number(process.env.FUZZ_HEALTH_MAX_MS ?? 2000)
const MAX_BYTES = 512 * 1024
/** Answers allowed to be larger than MAX_BYTES, by path, and why. */
const LARGER: Record<string, { bytes: number; why: string }> = {}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values. `raw` is already form-urlencoded, so bytes that are not UTF-8 can be sent.

/** Which fields a value is meant for by default (all of them get every value in the deep run). */
type Shape = 'any' | 'number' | 'date' | 'id'
interface Hostile {
  label: string
  raw: string
  shape: Shape
}
const enc = (s: string) => new URLSearchParams({ v: s }).toString().slice(2)
const val = (label: string, value: string, shape: Shape = 'any'): Hostile => ({ label, raw: enc(value), shape })
const raw = (label: string, encoded: string, shape: Shape = 'any'): Hostile => ({ label, raw: encoded, shape })

const unknownUuid = '00000000-0000-4000-8000-000000000000'
const values: Hostile[] = [
  val('empty', ''),
  val('100 kB', 'x'.repeat(100_000)),
  val('NUL', 'a\u0000b'),
  raw('invalid UTF-8', '%FF%FE%C3%28'),
  val('look-alike', 'аdmin\u200b'),
  val('impossible date', '2024-02-30', 'date'),
  val('impossible datetime', '0000-00-00T25:61', 'date'),
  val('huge number', '9'.repeat(400), 'number'),
  val('negative number', '-99999999999', 'number'),
  val('1e309', '1e309', 'number'),
  val('unknown uuid', unknownUuid, 'id'),
  val('look-alike uuid', '0000000е-0000-4000-8000-000000000000', 'id'),
  ...(DEEP ? [raw('encoded surrogate', '%ED%A0%80'), val('full-width digits', '１２３'), val('NaN', 'NaN')] : []),
  ...(DEEP
    ? [
        val('-0', '-0'),
        val('hex', '0x1F'),
        val('tiny', '1e-400'),
        val('Infinity', 'Infinity'),
        val('int32+1', '2147483648'),
        val('beyond 2^53', '9007199254740993'),
        val('decimal comma', '1,5'),
        val('spaces', '   '),
        val('BOM', '\ufeff1'),
        val('RTL override', '\u202e123'),
        val('emoji', '🧨'.repeat(1000)),
        val('combining', 'a\u0301'.repeat(5000)),
        val('CRLF', 'a\r\nb'),
        val('markup', '<script>alert(1)</script>'),
        val('sql', "'; select pg_sleep(5); --"),
        val('pattern', '%_\\'),
        val('far future', '275760-09-14'),
        val('before epoch', '0001-01-01'),
        val('leap second', '2016-12-31T23:59:60Z'),
        val('900 kB', 'y'.repeat(900_000)),
        ...fc.sample(fc.string({ unit: 'binary', maxLength: 64 }), { seed: SEED, numRuns: 12 }).map((s, i) => val(`random ${i}`, s)),
        ...fc.sample(fc.double(), { seed: SEED, numRuns: 6 }).map((n, i) => val(`random number ${i}`, String(n))),
      ]
    : []),
]

/** The shape a field's name, type and current value suggest. */
function shapeOf(name: string, type = '', value = ''): Shape {
  if (/date|time/.test(type) || /(date|from|to|before|after|until|since|deadline|starts?|ends?|At)$/i.test(name)) return 'date'
  if (
    type === 'number' ||
    /(qty|quantity|price|amount|minor|step|count|page|limit|days|percent|rate|min|max|sum|total|seq|number)$/i.test(name) ||
    /^-?\d+([.,]\d+)?$/.test(value)
  )
    return 'number'
  if (/id$/i.test(name) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(value)) return 'id'
  return 'any'
}
const valuesFor = (shape: Shape) => (DEEP ? values : values.filter((h) => h.shape === 'any' || h.shape === shape))

/** Path parameters: the id segment replaced. */
const pathValues: Hostile[] = [
  raw('NUL', 'a%00b'),
  val('10 kB', 'x'.repeat(10_000)),
  val('look-alike id', '0000000е-0000-4000-8000-000000000000'),
  val('unknown uuid', unknownUuid),
  raw('invalid UTF-8', '%FF%FE'),
  val('1e309', '1e309'),
  raw('traversal', '..%2F..%2Fetc'),
  ...(DEEP ? [val('negative', '-1'), val('uuid with braces', `{${unknownUuid}}`), val('uppercase uuid', unknownUuid.toUpperCase())] : []),
]

// ---------------------------------------------------------------------------------------------------------------
// Hostile uploads.

function workbook(sheetXml: string, sharedStrings = '<sst/>') {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8('<Relationships><Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(sharedStrings),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`),
  })
}
const uploads: { label: string; name: string; type: string; bytes: Uint8Array }[] = [
  {
    label: 'xlsx row 60000000',
    name: 'rows.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: workbook('<row r="60000000"><c r="A60000000" t="inlineStr"><is><t>SKU</t></is></c></row>'),
  },
  {
    label: 'xlsx cell ZZZZZ1',
    name: 'cols.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: workbook('<row r="1"><c r="ZZZZZ1" t="inlineStr"><is><t>SKU</t></is></c></row>'),
  },
  {
    label: 'xlsx &#x110000;',
    name: 'entity.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: workbook(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>&#x110000;</t></is></c><c r="B1" t="s"><v>7</v></c></row>',
      '<sst><si><t>&#x110000;&#0;</t></si></sst>',
    ),
  },
  {
    label: 'xlsx 40 MB inflated',
    name: 'bomb.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: workbook(`<row r="1"><c r="A1" t="inlineStr"><is><t>${' '.repeat(40_000_000)}</t></is></c></row>`),
  },
  {
    label: 'non-zip .xlsx',
    name: 'fake.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytes: strToU8('SKU;qty\nA;1\n'),
  },
  { label: 'CSV with NUL after 8 kB', name: 'nul.csv', type: 'text/csv', bytes: strToU8(`sku;qty\n${'A;1\n'.repeat(2100)}B\u0000;1\n`) },
  {
    label: 'CSV invalid UTF-8',
    name: 'bytes.csv',
    type: 'text/csv',
    bytes: new Uint8Array([0x73, 0x6b, 0x75, 0x3b, 0x71, 0x0a, 0xff, 0xfe, 0x3b, 0x31, 0x0a]),
  },
  { label: 'empty file', name: 'empty.csv', type: 'text/csv', bytes: new Uint8Array() },
]

// ---------------------------------------------------------------------------------------------------------------
// Forms and links read from the server-rendered HTML (React renders attributes regularly: no parser needed).

interface PageForm {
  action: string
  method: 'get' | 'post'
  multipart: boolean
  /** The fields as the page would send them, values encoded. */
  fields: [string, string][]
  shapes: Record<string, Shape>
  files: string[]
  radios: Record<string, string[]>
  /** The submit buttons that carry a name (each a variant), or none. */
  submitters: [string, string][]
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
function attrs(tag: string) {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) out[m[1].toLowerCase()] = unescape(m[2] ?? '')
  return out
}

function formsOf(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = []
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrs(m[1])
    const body = m[2]
    const form: PageForm = {
      action: new URL(a.action ?? '', 'http://x' + pageUrl).pathname + new URL(a.action ?? '', 'http://x' + pageUrl).search,
      method: a.method?.toLowerCase() === 'post' ? 'post' : 'get',
      multipart: (a.enctype ?? '').includes('multipart'),
      fields: [],
      shapes: {},
      files: [],
      radios: {},
      submitters: [],
    }
    for (const [, tag] of body.matchAll(/<input\b([^>]*)>/g)) {
      const i = attrs(tag)
      if (!i.name) continue
      const type = (i.type ?? 'text').toLowerCase()
      form.shapes[i.name] ??= shapeOf(i.name, i.inputmode === 'numeric' || i.inputmode === 'decimal' ? 'number' : type, i.value)
      if (type === 'file') form.files.push(i.name)
      else if (type === 'submit' || type === 'image') form.submitters.push([i.name, i.value ?? ''])
      else if (type === 'radio') {
        ;(form.radios[i.name] ??= []).push(i.value ?? 'on')
        if ('checked' in i) form.fields.push([i.name, enc(i.value ?? 'on')])
      } else if (type === 'checkbox') {
        if ('checked' in i) form.fields.push([i.name, enc(i.value ?? 'on')])
      } else if (type !== 'button' && type !== 'reset') form.fields.push([i.name, enc(i.value ?? '')])
    }
    for (const [, tag, inner] of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const s = attrs(tag)
      if (!s.name) continue
      const options = [...inner.matchAll(/<option\b([^>]*)>([^<]*)/g)].map(
        ([, o, text]) => ({ ...attrs(o), text: unescape(text) }) as Record<string, string>,
      )
      const chosen = options.find((o) => 'selected' in o) ?? options[0]
      if (chosen) form.fields.push([s.name, enc(chosen.value ?? chosen.text)])
      form.shapes[s.name] = shapeOf(s.name, '', chosen?.value)
    }
    for (const [, tag, inner] of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const t = attrs(tag)
      if (t.name) form.fields.push([t.name, enc(unescape(inner))])
    }
    for (const [, tag] of body.matchAll(/<button\b([^>]*)>/g)) {
      const b = attrs(tag)
      if (b.name && (b.type ?? 'submit') === 'submit') form.submitters.push([b.name, b.value ?? ''])
    }
    forms.push(form)
  }
  return forms
}

/** Query parameter names by path, from links and GET forms. */
function queryNamesOf(html: string, pageUrl: string, into: Map<string, Set<string>>) {
  const add = (pathname: string, name: string) => (into.get(pathname) ?? into.set(pathname, new Set()).get(pathname)!).add(name)
  for (const [, href] of html.matchAll(/<a\b[^>]*?href="([^"]*\?[^"]*)"/g)) {
    const u = new URL(unescape(href), 'http://x' + pageUrl)
    if (u.origin !== 'http://x') continue
    for (const name of u.searchParams.keys()) add(u.pathname, name)
  }
  for (const f of formsOf(html, pageUrl))
    if (f.method === 'get') for (const [name] of [...f.fields, ...f.submitters]) add(new URL(f.action, 'http://x').pathname, name)
}

// ---------------------------------------------------------------------------------------------------------------

let app: App
let build: ServerBuild
let world: World
const cookies = new Map<Who, string | null>()
const failures: string[] = []
if (process.env.FUZZ_TRACE) {
  const push = failures.push.bind(failures)
  failures.push = (...lines: string[]) => (process.stdout.write(lines.map((l) => `fuzz failure: ${l.slice(0, 300)}\n`).join('')), push(...lines))
}
const stats = {
  requests: 0,
  routes: new Set<string>(),
  forms: 0,
  slowest: { ms: 0, what: '' },
  largest: { bytes: 0, what: '' },
  health: { count: 0, maxMs: 0 },
}
const short = (s: string) => (s.length > 90 ? `${s.slice(0, 60)}…(${s.length})` : s)

async function signIn(who: Who) {
  if (who === 'anon') return cookies.set('anon', null)
  cookies.set(who, await app.login(world.people[who].email, world.people[who].password))
}

interface Send {
  method: 'GET' | 'POST'
  url: string
  who: Who
  body?: string | Uint8Array
  contentType?: string
  /** What the failure line says: route, form, field, value. */
  what: string
  /** The kind of hostility, for the stall breaker. */
  kind: string
}

/** Kinds of case that once stalled the server (blocked its event loop for seconds): not sent again, or one known
 * bug would cost minutes per form. The first stall is a failure; the skips are counted in the summary. */
const stalled = new Map<string, number>()
const STALL_MS = Number(process.env.FUZZ_STALL_MS ?? 5000)

async function send(s: Send) {
  inFlight.add(s.what)
  try {
    return await sendOne(s)
  } finally {
    inFlight.delete(s.what)
  }
}

/** What was being sent while /healthz was slow: the likely blocker of the event loop. */
const inFlight = new Set<string>()

async function sendOne(s: Send) {
  if (stalled.has(s.kind)) {
    stalled.set(s.kind, stalled.get(s.kind)! + 1)
    return { status: 0 }
  }
  const headers: Record<string, string> = {}
  const cookie = cookies.get(s.who)
  if (cookie) headers.cookie = cookie
  if (s.method === 'POST') headers.origin = app.origin
  if (s.contentType) headers['content-type'] = s.contentType
  const started = performance.now()
  let status = 0
  let bytes = 0
  let location: string | null = null
  // A kept-alive connection that the server dropped during a stall fails at once: one retry on a fresh one.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await fetch(app.origin + s.url, {
        method: s.method,
        headers,
        body: s.body as BodyInit | undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(MAX_MS * 5),
      })
      const body = new Uint8Array(await res.arrayBuffer())
      bytes = body.byteLength
      // A page with a NUL byte shows a broken letter (React 18.3's stream buffer edge, app/utils/html-stream.server.ts).
      if ((res.headers.get('content-type') ?? '').includes('text/html') && body.includes(0)) failures.push(`${s.what}: NUL byte in the page`)
      status = res.status
      location = res.headers.get('location')
      break
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError'
      if (timedOut || attempt === 1) failures.push(`${s.what}: no answer (${(error as Error).message})`)
      if (timedOut) break
    }
  }
  const ms = performance.now() - started
  stats.requests++
  if (ms > stats.slowest.ms) stats.slowest = { ms, what: s.what }
  if (bytes > stats.largest.bytes) stats.largest = { bytes, what: s.what }
  const pathname = s.url.split('?')[0]
  if (status >= 500) failures.push(`${s.what}: ${status}`)
  if (bytes > (LARGER[pathname]?.bytes ?? MAX_BYTES)) failures.push(`${s.what}: ${Math.round(bytes / 1024)} kB answer`)
  if (ms > MAX_MS) failures.push(`${s.what}: ${Math.round(ms)} ms${ms > STALL_MS ? `, a stall: no more "${s.kind}" cases` : ''}`)
  if (ms > STALL_MS) stalled.set(s.kind, 0)
  // A hostile form may have ended the caller's session (sign-out, revoked sessions): sign in again.
  if (s.who !== 'anon' && status === 302 && location?.startsWith('/login')) await signIn(s.who)
  return { status }
}

/** /healthz, asked every 100 ms all through the fuzz: a handler that blocks the event loop shows up here. */
function watchHealth() {
  let running = true
  const done = (async () => {
    while (running) {
      const started = performance.now()
      const res = await fetch(app.origin + '/healthz').catch(() => null)
      const ms = performance.now() - started
      stats.health.count++
      stats.health.maxMs = Math.max(stats.health.maxMs, ms)
      if (!res || res.status !== 200) failures.push(`/healthz during the fuzz: ${res?.status ?? 'no answer'}`)
      else if (ms > HEALTH_MAX_MS)
        failures.push(`/healthz during the fuzz: ${Math.round(ms)} ms (in flight: ${[...inFlight].map(short).join('; ') || 'nothing'})`)
      await new Promise((r) => setTimeout(r, 100))
    }
  })()
  return async () => {
    running = false
    await done
  }
}

function urlEncoded(pairs: [string, string][]) {
  return pairs.map(([n, v]) => `${enc(n)}=${v}`).join('&')
}

function multipart(pairs: [string, string][], files: { field: string; name: string; type: string; bytes: Uint8Array }[] = []) {
  const boundary = '----fuzz' + 'b'.repeat(16)
  const chunks: Uint8Array[] = []
  for (const [n, v] of pairs)
    chunks.push(strToU8(`--${boundary}\r\nContent-Disposition: form-data; name="${n.replace(/"/g, '%22')}"\r\n\r\n`), bytesOf(v), strToU8('\r\n'))
  for (const f of files) {
    chunks.push(
      strToU8(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
    )
    chunks.push(f.bytes, strToU8('\r\n'))
  }
  chunks.push(strToU8(`--${boundary}--\r\n`))
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const c of chunks) body.set(c, (at += c.length) - c.length)
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
/** The bytes a form-urlencoded value stands for, invalid UTF-8 included. */
function bytesOf(encoded: string) {
  const out: number[] = []
  const text = encoded.replace(/\+/g, ' ')
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else out.push(...strToU8(text[i]))
  }
  return new Uint8Array(out)
}
function decodeSafe(encoded: string) {
  try {
    return new URLSearchParams('v=' + encoded).get('v') ?? ''
  } catch {
    return encoded
  }
}

/** Hostile names, each added to the page's own fields. */
function hostileNames(form: PageForm): { label: string; kind: string; pairs: [string, string][] }[] {
  const extra: { label: string; kind: string; pairs: [string, string][] }[] = [
    { label: 'x[50000000]', kind: 'x[50000000]', pairs: [['x[50000000]', '1']] },
    { label: 'a.a.a… 10 kB', kind: 'a.a.a', pairs: [[Array(5000).fill('a').join('.'), '1']] },
    { label: 'a[0][0]… 10 kB', kind: 'a[0][0]', pairs: [['a' + '[0]'.repeat(3000), '1']] },
    { label: '500 unknown fields', kind: '500 fields', pairs: Array.from({ length: 500 }, (_, i) => [`f${i}`, '1'] as [string, string]) },
  ]
  for (const [name] of form.fields.filter(([n]) => !/[[.]/.test(n)).slice(0, DEEP ? undefined : 1)) {
    extra.push({ label: `${name}[50000000]`, kind: 'field[50000000]', pairs: [[`${name}[50000000]`, '1']] })
    extra.push({ label: `${name}.x.y`, kind: 'field.x.y', pairs: [[`${name}.x.y`, '1']] })
  }
  return extra
}

const submitted = new Set<string>()
const fuzzedActions = new Set<string>()

async function fuzzForm(who: Who, form: PageForm) {
  const variants: ([string, string] | null)[] = form.submitters.length ? form.submitters : [null]
  for (const submitter of variants) {
    const base: [string, string][] = [...form.fields, ...(submitter ? [[submitter[0], enc(submitter[1])] as [string, string]] : [])]
    // The layout's forms (language, sign-out, organisation) appear on every page: once is enough.
    const key = `${form.action} ${base.map(([n, v]) => (n === 'intent' || n === '_action' ? `${n}=${v}` : n)).join('&')}`
    if (submitted.has(key)) continue
    submitted.add(key)
    stats.forms++
    const label = `POST ${form.action}${submitter ? ` [${submitter[0]}=${submitter[1]}]` : ''} as ${who}`
    const post = (kind: string, what: string, pairs: [string, string][], files?: Parameters<typeof multipart>[1]) =>
      form.multipart || files?.length
        ? send({ method: 'POST', url: form.action, who, ...multipart(pairs, files), what: `${label} ${what}`, kind })
        : send({
            method: 'POST',
            url: form.action,
            who,
            body: urlEncoded(pairs),
            contentType: 'application/x-www-form-urlencoded',
            what: `${label} ${what}`,
            kind,
          })

    for (let i = 0; i < base.length; i++)
      for (const h of valuesFor(form.shapes[base[i][0]] ?? shapeOf(base[i][0]))) {
        const pairs = base.map((p, j) => (j === i ? ([p[0], h.raw] as [string, string]) : p))
        await post(`value ${h.label}`, `${base[i][0]}=${h.label}`, pairs)
      }
    for (const [i, [name, v]] of base.entries()) {
      if (!DEEP && i >= 2) break
      await post('name twice', `${name} twice`, [...base, [name, v === '' ? '1' : v]])
      if (!/[[.]/.test(name))
        await post(
          'name[0]',
          `${name}[0] instead`,
          base.map((p, j) => (j === i ? ([`${name}[0]`, p[1]] as [string, string]) : p)),
        )
    }
    for (const { label: l, kind, pairs } of hostileNames(form)) await post(kind, l, [...base, ...pairs])
    // Wrong content types: the page's fields, sent the way no browser would; once per action (the body parser
    // runs before any intent is looked at), each variant in the deep run.
    const typed = fuzzedActions.has(form.action) && !DEEP
    fuzzedActions.add(form.action)
    const asObject = JSON.stringify(Object.fromEntries(base.map(([n, v]) => [n, decodeSafe(v)])))
    for (const [what, body, contentType] of typed
      ? []
      : ([
          ['as JSON', asObject, 'application/json'],
          ['as text/plain', urlEncoded(base), 'text/plain'],
          ['with no content type', urlEncoded(base), undefined],
          ['as multipart without a boundary', urlEncoded(base), 'multipart/form-data'],
          ['as multipart with a wrong boundary', urlEncoded(base), 'multipart/form-data; boundary=nope'],
          [
            form.multipart ? 'url-encoded' : 'as multipart',
            form.multipart ? urlEncoded(base) : multipart(base).body,
            form.multipart ? 'application/x-www-form-urlencoded' : multipart(base).contentType,
          ],
        ] as [string, string | Uint8Array, string | undefined][]))
      await send({ method: 'POST', url: form.action, who, body, contentType, what: `${label} ${what}`, kind: `content type ${what}` })
    for (const field of form.files) {
      const kinds = Object.entries(form.radios)
      const choices = kinds.length ? kinds[0][1].map((v) => [kinds[0][0], v] as const) : [null]
      for (const choice of choices)
        for (const u of uploads) {
          const pairs = base.map((p) => (choice && p[0] === choice[0] ? ([p[0], enc(choice[1])] as [string, string]) : p))
          await post(`upload ${u.label}`, `${field}=${u.label}${choice ? ` (${choice[0]}=${choice[1]})` : ''}`, pairs, [{ field, ...u }])
        }
    }
  }
}

const queryNames = new Map<string, Set<string>>()
const pages = new Map<string, { routeId: string; who: Who; url: string; html: string }>()

beforeAll(async () => {
  app = await startApp()
  build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
  world = await createWorld()
  cookies.set('anon', null)
  for (const role of roles) await signIn(role)
})
afterAll(() => app.close())

// Deferred so that nothing signs the callers out before the other routes are done.
const LAST = ['routes/logout', 'routes/login', 'routes/account.sessions', 'routes/account.password']
/** FUZZ_ROUTES=regex narrows the run to some route ids (while chasing one bug). */
const only = process.env.FUZZ_ROUTES ? new RegExp(process.env.FUZZ_ROUTES) : null
const routeOrder = () => [...Object.keys(matrix).filter((id) => !LAST.includes(id)), ...LAST].filter((id) => !only || only.test(id))

describe('fuzz: hostile input on every route and socket event', () => {
  it('has the manifest complete (a route without a row is not fuzzed)', () => {
    expect(manifestGaps(build)).toEqual([])
  })

  it(
    'answers every hostile value, name, content type and upload without a 5xx, within the size and time bounds, with /healthz responsive',
    async () => {
      const started = performance.now()
      const stopHealth = watchHealth()
      const perRoute: string[] = []
      try {
        // Pages first: their forms and links say what to send.
        for (const routeId of routeOrder()) {
          const row = matrix[routeId]
          const who = permittedCaller(row, 'GET')
          if (!who) continue
          const identity = who === 'anon' ? null : world.people[who as Role]
          const url = urlOf(build, routeId, row.params?.(identity, world) ?? {})
          const res = await fetch(app.origin + url, { headers: cookies.get(who) ? { cookie: cookies.get(who)! } : {}, redirect: 'manual' })
          const html = (res.headers.get('content-type') ?? '').includes('text/html') ? await res.text() : ''
          pages.set(routeId, { routeId, who, url, html })
          queryNamesOf(html, url, queryNames)
        }

        for (const routeId of routeOrder()) {
          const t0 = performance.now()
          const n0 = stats.requests
          const row = matrix[routeId]
          const page = pages.get(routeId)
          if (page) {
            stats.routes.add(routeId)
            const { who, url } = page
            const pathname = url.split('?')[0]
            // Resource routes (CSV, PDF) take the query of the page they sit beside.
            const names = new Set([...(queryNames.get(pathname) ?? []), ...(queryNames.get(pathname.replace(/\.(csv|pdf|xlsx)$/, '')) ?? [])])
            for (const name of names)
              for (const h of valuesFor(shapeOf(name)))
                await send({
                  method: 'GET',
                  url: `${pathname}?${enc(name)}=${h.raw}`,
                  who,
                  what: `GET ${pathname} ?${name}=${h.label} as ${who}`,
                  kind: `value ${h.label}`,
                })
            for (const [label, query] of [
              ['x[50000000]', 'x%5B50000000%5D=1'],
              ['a.a.a… 10 kB', `${Array(5000).fill('a').join('.')}=1`],
              ['500 parameters', Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')],
              ...[...names].slice(0, 2).map((n) => [`${n} twice`, `${enc(n)}=1&${enc(n)}=2`]),
            ])
              await send({
                method: 'GET',
                url: `${pathname}?${query}`,
                who,
                what: `GET ${pathname} ?${short(label)} as ${who}`,
                kind: `query ${label.replace(/^\S+ twice$/, 'twice')}`,
              })
            // Path parameters: each id segment replaced.
            const params = row.params?.(who === 'anon' ? null : world.people[who as Role], world) ?? {}
            for (const name of Object.keys(params).filter((n) => n !== '*'))
              for (const h of pathValues) {
                const hostileUrl = urlOf(build, routeId, { ...params, [name]: '\u0000' }).replace('\u0000', h.raw)
                await send({
                  method: 'GET',
                  url: hostileUrl,
                  who,
                  what: `GET ${urlOf(build, routeId, { ...params, [name]: `:${name}` })} :${name}=${h.label} as ${who}`,
                  kind: `path ${h.label}`,
                })
              }
            for (const form of formsOf(page.html, url).filter((f) => f.method === 'post')) {
              // A form posts as whoever may use its action; the layout's forms as the page's caller.
              await fuzzForm(who, form)
            }
          }
          // Actions without a page form (or whose page is not a form's home): the bare action still gets hostile names.
          const poster = permittedCaller(row, 'POST')
          const bare = poster && urlOf(build, routeId, row.params?.(poster === 'anon' ? null : world.people[poster as Role], world) ?? {})
          const bareAction = bare && (build.routes[routeId].index ? `${bare}?index` : bare)
          if (poster && bareAction && !routeId.endsWith('/$') && !fuzzedActions.has(bareAction))
            await fuzzForm(poster, {
              action: bareAction,
              method: 'post',
              multipart: false,
              fields: [['intent', enc('')]],
              shapes: {},
              files: [],
              radios: {},
              submitters: [],
            })
          perRoute.push(`${routeId.replace('routes/', '')} ${stats.requests - n0} in ${Math.round(performance.now() - t0)} ms`)
          if (process.env.FUZZ_TRACE) process.stdout.write(`fuzz: ${perRoute.at(-1)}, ${failures.length} failures so far\n`)
        }
      } finally {
        await stopHealth()
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      console.info(
        `fuzz (${DEEP ? 'deep' : 'default'}, seed ${SEED}): ${stats.routes.size} routes, ${stats.forms} forms, ${stats.requests} requests in ${seconds} s; ` +
          `slowest ${Math.round(stats.slowest.ms)} ms (${short(stats.slowest.what)}), largest ${Math.round(stats.largest.bytes / 1024)} kB (${short(stats.largest.what)}); ` +
          `/healthz ${stats.health.count}× max ${Math.round(stats.health.maxMs)} ms; ${failures.length} failures` +
          (stalled.size ? `; skipped after a stall: ${[...stalled].map(([k, n]) => `${k} ×${n}`).join(', ')}` : '') +
          `\n  ${perRoute.join('\n  ')}`,
      )
      expect(failures.map((f) => f.slice(0, 300))).toEqual([])
    },
    // Well over the budget: one stall (a known bug) costs tens of seconds on a loaded machine.
    DEEP ? 1_800_000 : 400_000,
  )

  it('answers every socket event a hostile payload with a refusal, and stays connected', async () => {
    const socketFailures: string[] = []
    const deep = (n: number): unknown => (n === 0 ? {} : { a: deep(n - 1) })
    const hostile: [string, unknown][] = [
      ['no payload', undefined],
      ['null', null],
      ['a string', 'x'],
      ['a number', 1e308],
      ['an array', [world.tender.id]],
      ['an empty object', {}],
      // Under the 64 kB message bound (realtime/index.ts), so that the handler, not the transport, sees it.
      ['30 kB ids', { tenderId: 'x'.repeat(30_000), lotId: 'x'.repeat(30_000) }],
      ['NUL id', { tenderId: 'a\u0000b', lotId: 'a\u0000b' }],
      ['unknown ids', { tenderId: unknownUuid, lotId: unknownUuid, afterSeq: 0, priceMinor: 1, clientBidId: unknownUuid }],
      ['look-alike ids', { tenderId: world.tender.id.replace(/e/g, 'е'), lotId: world.tender.lotId.replace(/e/g, 'е') }],
      ['huge numbers', { tenderId: world.tender.id, lotId: world.tender.lotId, afterSeq: 1e21, priceMinor: 1e21, clientBidId: crypto.randomUUID() }],
      ['negative numbers', { lotId: world.tender.lotId, afterSeq: -1, priceMinor: -100, clientBidId: crypto.randomUUID() }],
      ['fractions', { lotId: world.tender.lotId, afterSeq: 0.5, priceMinor: 99.5, clientBidId: crypto.randomUUID() }],
      ['numbers as strings', { lotId: world.tender.lotId, afterSeq: '0', priceMinor: '100', clientBidId: crypto.randomUUID() }],
      ['a bad client bid id', { lotId: world.tender.lotId, priceMinor: 100, clientBidId: 'x'.repeat(10_000) }],
      ['deep nesting', { tenderId: deep(500), lotId: deep(500) }],
      ['5,000 keys', Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))],
      ['__proto__', JSON.parse('{"__proto__":{"ok":true},"constructor":{"prototype":{"ok":true}}}')],
      ['binary', new Uint8Array(1000)],
    ]
    for (const [event, allowed] of Object.entries(socketEvents)) {
      // One caller who may use the event, and one who may not.
      for (const who of [allowed[0], roles.find((r) => !allowed.includes(r))].filter(Boolean) as Role[]) {
        const s: Socket = app.socket({ cookie: cookies.get(who) })
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve())
          s.once('connect_error', reject)
        })
        for (const [label, payload] of hostile) {
          // Events that take no payload get it as an extra argument: no answer is owed then, only survival.
          if (['session:whoami', 'auction:ping'].includes(event)) {
            s.emit(event as 'auction:watch', payload, () => {})
            continue
          }
          const started = performance.now()
          const reply = await s
            .timeout(MAX_MS)
            .emitWithAck(event as 'auction:watch', payload)
            .then((r: unknown) => ({ r }))
            .catch((error: Error) => ({ error }))
          const ms = performance.now() - started
          if ('error' in reply) socketFailures.push(`${event} ${label} as ${who}: no answer (${reply.error.message})`)
          else if ((reply.r as { ok?: boolean })?.ok === true) socketFailures.push(`${event} ${label} as ${who}: accepted`)
          if (ms > MAX_MS) socketFailures.push(`${event} ${label} as ${who}: ${Math.round(ms)} ms`)
          if (!s.connected) {
            socketFailures.push(`${event} ${label} as ${who}: disconnected`)
            break
          }
        }
        // Still served afterwards.
        const alive = await s
          .timeout(MAX_MS)
          .emitWithAck('auction:ping')
          .catch(() => null)
        if (!alive) socketFailures.push(`${event} as ${who}: no answer to a ping after the hostile payloads`)
        s.disconnect()
      }
    }
    // A message over the bound is refused by closing that connection; the next one is served.
    const big = app.socket({ cookie: cookies.get('supplier_admin') })
    await new Promise<void>((resolve) => big.once('connect', () => resolve()))
    const closed = new Promise((resolve) => big.once('disconnect', resolve))
    big.emit('auction:bid', { lotId: 'x'.repeat(100_000) }, () => {})
    await closed
    const after = app.socket({ cookie: cookies.get('supplier_admin') })
    await new Promise<void>((resolve) => after.once('connect', () => resolve()))
    expect(((await after.timeout(MAX_MS).emitWithAck('session:whoami')) as { userId: string }).userId).toBe(world.people.supplier_admin.userId)
    after.disconnect()
    expect((await app.request('/healthz')).status).toBe(200)
    expect(socketFailures).toEqual([])
  }, 120_000)
})
