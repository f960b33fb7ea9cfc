import { isMessageKey, translate, type Locale, type MessageKey } from '../../i18n'
import { formatDateTime, formatDay, formatMoney, formatNumber } from '../../i18n/format'

// An audit entry's details as a sentence a person reads (issue 10, item 11), for the audit page and its CSV alike.
// Each action has a template `audit.sentence.<action>`: `{key}` takes a detail, formatted by what the key means
// (a role, money in minor units, minutes, a day, an organisation's name), and a `[…]` part is dropped when a detail
// inside it is missing. Details the template does not use follow as "Label: value", so a key added later (or an
// action without a template yet) still reads as words, never as JSON.

export interface DescribeOptions {
  timeZone: string
  /** Organisation names by id, for details that carry an organisation's id (the awarded supplier). */
  orgNames?: Record<string, string>
}

type Details = Record<string, unknown>

/** Detail keys that mean nothing to a reader (internal sequence numbers) or are shown through another key. */
const hidden = new Set(['seq', 'currency', 'intent'])

/** Labels for detail keys, reusing the forms' own field labels where one exists. */
const labels: Record<string, MessageKey> = {
  role: 'audit.field.role',
  email: 'login.email',
  count: 'audit.field.count',
  endedSessions: 'audit.field.endedSessions',
  displayName: 'admin.user.name',
  locale: 'admin.user.language',
  disabled: 'audit.field.disabled',
  kind: 'admin.org.kind',
  legalName: 'admin.org.legalName',
  shortName: 'admin.org.shortName',
  country: 'admin.org.country',
  inn: 'admin.org.inn',
  kpp: 'admin.org.kpp',
  vatId: 'admin.org.vatId',
  verificationStatus: 'admin.org.verification',
  reason: 'audit.field.reason',
  lines: 'audit.field.lines',
  number: 'audit.field.number',
  name: 'audit.field.name',
  nameRu: 'audit.field.nameRu',
  nameEn: 'audit.field.nameEn',
  sku: 'audit.field.sku',
  title: 'audit.field.title',
  lot: 'audit.field.lot',
  invited: 'audit.field.invited',
  now: 'audit.field.now',
  address: 'audit.field.address',
  code: 'audit.field.code',
  fileName: 'audit.field.fileName',
  total: 'audit.field.total',
  create: 'audit.field.create',
  update: 'audit.field.update',
  removed: 'audit.field.removed',
  minutes: 'audit.field.minutes',
  active: 'audit.field.active',
  incoterm: 'audit.field.incoterm',
  namedPlace: 'audit.field.namedPlace',
  freightTerms: 'audit.field.freightTerms',
  cutoff: 'audit.field.cutoff',
  poRequired: 'audit.field.poRequired',
  validFrom: 'audit.field.validFrom',
  validTo: 'audit.field.validTo',
  priority: 'audit.field.priority',
  dealerGroup: 'prices.dealerGroup',
  carrier: 'audit.field.carrier',
  trackingNumber: 'audit.field.trackingNumber',
  stock: 'audit.field.stock',
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function keyText(locale: Locale, key: string, fallback: string) {
  return isMessageKey(key) ? translate(locale, key) : fallback
}

/**
 * An entry's action as people read it. The action is stored text (the log is append-only and outlives renamed
 * actions), so its label is looked up, and an action without one reads as its words.
 */
export function auditActionLabel(locale: Locale, action: string) {
  return keyText(locale, `audit.action.${action}`, humanize(action.replace(/\./g, ' ')))
}

/** A key nobody gave a label yet, as words: `freeFreightMinor` → "free freight". */
function humanize(key: string) {
  return key
    .replace(/Minor$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
}

function label(locale: Locale, key: string) {
  const known = labels[key]
  return known ? translate(locale, known) : humanize(key)
}

/** One detail as text, or null when there is nothing a person could read in it (empty, an id without a name). */
function formatValue(locale: Locale, key: string, value: unknown, details: Details, action: string, o: DescribeOptions, depth = 0): string | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'boolean') return translate(locale, value ? 'audit.yes' : 'audit.no')
  if (Array.isArray(value)) {
    if (key === 'lines') return translate(locale, 'audit.lineCount', { count: value.length })
    if (value.every((v) => typeof v !== 'object' || v === null))
      return (
        value
          .map((v) => formatValue(locale, key, v, details, action, o, depth + 1))
          .filter(Boolean)
          .join(', ') || null
      )
    return translate(locale, 'audit.itemCount', { count: value.length })
  }
  if (typeof value === 'object') {
    if (depth > 0) return null
    const parts = Object.entries(value as Details)
      .map(([k, v]) => [k, formatValue(locale, k, v, details, action, o, depth + 1)] as const)
      .filter(([k, v]) => v !== null && !hidden.has(k))
      .map(([k, v]) => `${label(locale, k)}: ${v}`)
    return parts.length ? parts.join(', ') : null
  }
  const text = String(value)
  if (typeof value === 'number' || /^-?\d+$/.test(text)) {
    const n = Number(value)
    if (/Minor$/.test(key)) return formatMoney(locale, n, typeof details.currency === 'string' ? details.currency : 'RUB')
    if (key === 'retryAfterSeconds') return translate(locale, 'audit.minuteCount', { count: Math.max(1, Math.ceil(n / 60)) })
    if (key === 'minutes') return translate(locale, 'audit.minuteCount', { count: n })
    if (key === 'lines') return translate(locale, 'audit.lineCount', { count: n })
    if (typeof value === 'number') return formatNumber(locale, n)
  }
  if (key === 'role' || key === 'from' || key === 'to') return keyText(locale, `role.${text}`, text)
  if (key === 'kind') return keyText(locale, action === 'catalog.imported' ? `import.kind.${text}` : `kind.${text}`, text)
  if (key === 'reason') return keyText(locale, `audit.reason.${text}`, `«${text}»`)
  if (key === 'intent') return keyText(locale, `audit.reference.${text}`, text)
  if (key === 'verificationStatus') return keyText(locale, `status.${text}`, text)
  if (key === 'freightTerms') return keyText(locale, `freight.${text}`, text)
  if (key === 'incoterm') {
    const incoterm = `incoterm.${text}`
    return isMessageKey(incoterm) ? `${text} (${translate(locale, incoterm)})` : text
  }
  if (key === 'locale') return text === 'ru' ? 'Русский' : text === 'en' ? 'English' : text
  if (uuid.test(text)) return o.orgNames?.[text] ?? null
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDay(locale, text)
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) && !Number.isNaN(Date.parse(text))) return formatDateTime(locale, text, o.timeZone)
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

/** Fills a template; null when a placeholder outside the optional `[…]` parts has no readable value. */
function fill(template: string, value: (key: string) => string | null, used: Set<string>): string | null {
  // One pass over the template, so a value that happens to contain braces is never read as a placeholder.
  const put = (part: string) => {
    const keys: string[] = []
    let missing = false
    const out = part.replace(/\{(\w+)\}/g, (_m, key: string) => {
      const v = value(key)
      if (v === null) missing = true
      else keys.push(key)
      return v ?? ''
    })
    if (missing) return null
    for (const k of keys) used.add(k)
    return out
  }
  let missing = false
  const out = template.replace(/\[([^\]]*)\]|\{\w+\}/g, (m, optional: string | undefined) => {
    if (optional !== undefined) return put(optional) ?? ''
    const v = put(m)
    if (v === null) missing = true
    return v ?? ''
  })
  return missing ? null : out
}

/**
 * The entry as one or two sentences in the reader's language: the action's own sentence with its details, then
 * any details it does not mention. Unknown actions and keys still read as words.
 */
export function describeAuditEntry(locale: Locale, entry: { action: string; details?: unknown }, o: DescribeOptions): string {
  const details: Details = entry.details && typeof entry.details === 'object' && !Array.isArray(entry.details) ? (entry.details as Details) : {}
  // `{localName}` is the name in the reader's language (a product's nameRu or nameEn).
  const nameKey = locale === 'ru' ? 'nameRu' : 'nameEn'
  const value = (key: string) =>
    key === 'localName'
      ? formatValue(locale, nameKey, details[nameKey], details, entry.action, o)
      : formatValue(locale, key, details[key], details, entry.action, o)
  const used = new Set<string>()
  const sentenceKey = `audit.sentence.${entry.action}`
  let sentence = isMessageKey(sentenceKey) ? fill(translate(locale, sentenceKey), value, used) : null
  if (used.has('localName')) used.add(nameKey)
  if (sentence === null) {
    used.clear()
    const name = auditActionLabel(locale, entry.action)
    sentence = `${name.charAt(0).toUpperCase()}${name.slice(1)}.`
  }
  const rest = Object.keys(details)
    .filter((k) => !used.has(k) && !hidden.has(k))
    .map((k) => [k, value(k)] as const)
    .filter((kv): kv is readonly [string, string] => kv[1] !== null)
    .map(([k, v]) => `${label(locale, k)}: ${v}`)
  return rest.length ? `${sentence} ${rest.join('; ')}.` : sentence
}
