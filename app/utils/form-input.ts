import type { ZodTypeAny } from 'zod'

// Bound before parsing (STYLE.md "Learned on this codebase", DESIGN.md §3 "Bounded work per request"). conform
// turns a name such as `x[50000000]` into an array of that length and echoes it back, and a 10 kB `a.a.a…` name
// recursed until the stack overflowed: every submitted form passes these limits before conform builds anything.

export const FORM_LIMITS = {
  /** Enough for every page form; the order desk (three fields per order line) asks for more. */
  maxFields: 1_000,
  maxNameLength: 200,
  /** Segments in one name: `lines[3].qty` has three. */
  maxDepth: 6,
  /** Twice the longest list a page sends (5,000 order lines); see also the per-form bound in checkFormBounds. */
  maxIndex: 9_999,
}

export type FormLimits = typeof FORM_LIMITS

/** For a form that sends a list row by row (order desk lines, checkout's dates per line): up to 3 fields a row. */
export const LIST_FORM_LIMITS: Partial<FormLimits> = { maxFields: 3 * (FORM_LIMITS.maxIndex + 1) + 20 }

export type FormBoundsError = 'tooManyFields' | 'badFieldName' | 'badCharacter'

export type PathSegment = string | number

const SEGMENT = /([^.[\]]+)|\[(\d*)\]/g

/** conform's name syntax (`a.b[0].c`) as segments, or null when it is not one (conform would throw on it). */
export function parseFieldName(name: string, maxIndex = FORM_LIMITS.maxIndex): PathSegment[] | null {
  if (!name) return null
  const segments: PathSegment[] = []
  let last = 0
  SEGMENT.lastIndex = 0
  for (let match = SEGMENT.exec(name); match; match = SEGMENT.exec(name)) {
    if (match.index !== last && !(match.index === last + 1 && name[last] === '.' && match[1] !== undefined)) return null
    const [, key, index] = match
    if (key !== undefined) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return null
      segments.push(key)
    } else {
      // `[]` and indexes with leading zeros or beyond the bound are not names any page of ours produces.
      if (index === '' || index.length > 6 || (index.length > 1 && index.startsWith('0'))) return null
      const n = Number(index)
      if (n > maxIndex) return null
      segments.push(n)
    }
    last = SEGMENT.lastIndex
  }
  return last === name.length ? segments : null
}

/**
 * The first broken limit of a submitted form, or null. A list index may not exceed the number of fields sent:
 * a real form sends every row, so `lines[4999]` comes with at least 5,000 fields, and a sparse list can never
 * cost more than the fields that were actually sent.
 */
export function checkFormBounds(entries: Iterable<[string, FormDataEntryValue]>, limits: FormLimits = FORM_LIMITS): FormBoundsError | null {
  const list = Array.isArray(entries) ? (entries as [string, FormDataEntryValue][]) : Array.from(entries)
  if (list.length > limits.maxFields) return 'tooManyFields'
  const maxIndex = Math.min(limits.maxIndex, list.length - 1)
  for (const [name, value] of list) {
    if (name.length > limits.maxNameLength || name.includes('\0')) return 'badFieldName'
    if (/[.[\]]/.test(name)) {
      const segments = parseFieldName(name, maxIndex)
      if (!segments || segments.length > limits.maxDepth) return 'badFieldName'
    }
    // PostgreSQL cannot store NUL in text; no one types it. Refused here rather than failing in the database.
    if (typeof value === 'string' && value.includes('\0')) return 'badCharacter'
  }
  return null
}

type Def = { typeName?: string; [key: string]: unknown }
const defOf = (schema: ZodTypeAny) => schema._def as Def

/**
 * Whether a zod schema has a place for this path. A leaf value under an object or a list is still "known"
 * (zod then reports it); a key the schema never names is not.
 */
export function schemaKnowsPath(schema: ZodTypeAny, path: PathSegment[]): boolean {
  let current: ZodTypeAny | undefined = schema
  for (let i = 0; current;) {
    const def = defOf(current)
    switch (def.typeName) {
      case 'ZodOptional':
      case 'ZodNullable':
      case 'ZodDefault':
      case 'ZodCatch':
      case 'ZodReadonly':
        current = def.innerType as ZodTypeAny
        continue
      case 'ZodBranded':
        current = def.type as ZodTypeAny
        continue
      case 'ZodEffects':
        current = def.schema as ZodTypeAny
        continue
      case 'ZodPipeline':
        current = def.in as ZodTypeAny
        continue
      case 'ZodLazy':
        current = (def.getter as () => ZodTypeAny)()
        continue
      case 'ZodUnion':
      case 'ZodDiscriminatedUnion': {
        const options = (def.options as ZodTypeAny[] | Map<unknown, ZodTypeAny>) ?? []
        const rest = path.slice(i)
        return Array.from(options instanceof Map ? options.values() : options).some((o) => schemaKnowsPath(o, rest))
      }
      case 'ZodIntersection': {
        const rest = path.slice(i)
        return schemaKnowsPath(def.left as ZodTypeAny, rest) || schemaKnowsPath(def.right as ZodTypeAny, rest)
      }
      case 'ZodAny':
      case 'ZodUnknown':
        return true
    }
    if (i === path.length) return true
    const segment = path[i++]
    switch (def.typeName) {
      case 'ZodObject': {
        const shape: Record<string, ZodTypeAny> = (def.shape as () => Record<string, ZodTypeAny>)()
        current = typeof segment === 'string' && Object.hasOwn(shape, segment) ? shape[segment] : undefined
        break
      }
      case 'ZodArray':
        current = typeof segment === 'number' ? (def.type as ZodTypeAny) : undefined
        break
      case 'ZodSet':
        current = typeof segment === 'number' ? (def.valueType as ZodTypeAny) : undefined
        break
      case 'ZodTuple': {
        const items = def.items as ZodTypeAny[]
        current = typeof segment === 'number' ? (items[segment] ?? (def.rest as ZodTypeAny | null) ?? undefined) : undefined
        break
      }
      case 'ZodRecord':
        current = typeof segment === 'string' ? (def.valueType as ZodTypeAny) : undefined
        break
      default:
        current = undefined
    }
  }
  return false
}

/**
 * conform's control fields, kept only when well-formed: the browser sends `__intent__` when a field is validated
 * on blur or a list is changed (a "validate" intent must not place an order), and conform JSON-parses both
 * without a check, so anything that is not a small JSON object is dropped rather than allowed to throw.
 */
const CONTROL_FIELDS = new Set(['__intent__', '__state__'])
const MAX_CONTROL_BYTES = 4096
function wellFormedControl(value: FormDataEntryValue): boolean {
  if (typeof value !== 'string' || value.length > MAX_CONTROL_BYTES) return false
  try {
    const parsed: unknown = JSON.parse(value)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
  } catch {
    return false
  }
}

/** The form with only the fields the schema names (conform's reply echoes what it parsed, so an unknown field is
 * never echoed), plus conform's own control fields when well-formed. */
export function keepKnownFields(form: FormData, schema: ZodTypeAny): FormData {
  const kept = new FormData()
  for (const [name, value] of form.entries()) {
    if (CONTROL_FIELDS.has(name)) {
      if (wellFormedControl(value)) kept.append(name, value)
      continue
    }
    const path = parseFieldName(name)
    if (path && schemaKnowsPath(schema, path)) kept.append(name, value)
  }
  return kept
}
