// The earliest possible delivery date of a line (DESIGN.md §4): from stock, lead time, the order cut-off and
// the working-day calendar. Pure; days are ISO dates (YYYY-MM-DD) in the operator's time zone.

export interface WorkingCalendar {
  isWorkingDay(day: string): boolean
}

export function makeCalendar(data: { nonWorking: readonly string[]; workingWeekends?: readonly string[] }): WorkingCalendar {
  const off = new Set(data.nonWorking)
  const on = new Set(data.workingWeekends ?? [])
  return {
    isWorkingDay(day) {
      if (on.has(day)) return true
      if (off.has(day)) return false
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
      return weekday !== 0 && weekday !== 6
    },
  }
}

export function addDays(day: string, n: number) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export function nextWorkingDayOnOrAfter(day: string, calendar: WorkingCalendar) {
  let d = day
  for (let i = 0; i < 60 && !calendar.isWorkingDay(d); i++) d = addDays(d, 1)
  return d
}

/** `n` working days after `day` (0: `day` itself if it is a working day, else the next one). */
export function addWorkingDays(day: string, n: number, calendar: WorkingCalendar) {
  let d = nextWorkingDayOnOrAfter(day, calendar)
  for (let i = 0; i < n; i++) d = nextWorkingDayOnOrAfter(addDays(d, 1), calendar)
  return d
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one, and the evaluator asks
// for every line of a 5,000-line quick order.
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The local calendar day and minutes since midnight of an instant in a time zone. */
export function localDayAndMinutes(at: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  )
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) }
}

/** The day the order can leave the warehouse: today if before the cut-off on a working day, else the next working day. */
export function dispatchDay(input: { orderedAt: Date; timeZone: string; cutoff: string; calendar: WorkingCalendar }) {
  const { day, minutes } = localDayAndMinutes(input.orderedAt, input.timeZone)
  const [h, m] = input.cutoff.split(':').map(Number)
  const beforeCutoff = minutes < h * 60 + m
  if (beforeCutoff && input.calendar.isWorkingDay(day)) return day
  return nextWorkingDayOnOrAfter(addDays(day, 1), input.calendar)
}

export interface WarehouseSupply {
  warehouse: string
  /** Available to promise now. */
  atp: number
  nextReceiptDate: string | null
  nextReceiptQty: number
  /** Working days from dispatch at this warehouse to delivery. */
  leadDays: number
}

export type EarliestDelivery = { ok: true; date: string; warehouse: string; source: 'stock' | 'receipt' } | { ok: false; reason: 'no_stock' }

// An order of 10,000 lines asks the same few dates thousands of times (one dispatch day, a handful of lead times
// and receipt dates). The answers are pure, so they are kept per calendar: bench:edi spent a tenth of its budget
// recounting working days.
const remembered = new WeakMap<WorkingCalendar, Map<string, string>>()
function memo(calendar: WorkingCalendar, key: string, compute: () => string) {
  let known = remembered.get(calendar)
  if (!known) remembered.set(calendar, (known = new Map()))
  let value = known.get(key)
  if (value === undefined) {
    if (known.size >= 10_000) known.clear()
    known.set(key, (value = compute()))
  }
  return value
}

/** The earliest date one warehouse can deliver the whole quantity, from stock or after its next receipt. */
export function earliestDelivery(input: {
  qty: number
  orderedAt: Date
  timeZone: string
  cutoff: string
  calendar: WorkingCalendar
  supply: WarehouseSupply[]
}): EarliestDelivery {
  const { calendar } = input
  const start = memo(calendar, `d ${input.orderedAt.getTime()} ${input.timeZone} ${input.cutoff}`, () => dispatchDay(input))
  const after = (day: string, n: number) => memo(calendar, `w ${day} ${n}`, () => addWorkingDays(day, n, calendar))
  let best: EarliestDelivery = { ok: false, reason: 'no_stock' }
  for (const s of input.supply) {
    let candidate: EarliestDelivery | null = null
    if (s.atp >= input.qty) candidate = { ok: true, date: after(start, s.leadDays), warehouse: s.warehouse, source: 'stock' }
    else if (s.nextReceiptDate && s.atp + s.nextReceiptQty >= input.qty) {
      // addWorkingDays starts from the next working day on or after its day, as the receipt needs.
      candidate = {
        ok: true,
        date: after(s.nextReceiptDate > start ? s.nextReceiptDate : start, s.leadDays),
        warehouse: s.warehouse,
        source: 'receipt',
      }
    }
    if (candidate?.ok && (!best.ok || candidate.date < best.date)) best = candidate
  }
  return best
}

export type RequestedDateCheck = { ok: true } | { ok: false; reason: 'before_earliest' | 'not_working_day'; suggestion: string }

/** A requested date may not be earlier than possible, nor a day nobody delivers. */
export function checkRequestedDate(requested: string, earliest: string, calendar: WorkingCalendar): RequestedDateCheck {
  if (requested < earliest) return { ok: false, reason: 'before_earliest', suggestion: earliest }
  if (!calendar.isWorkingDay(requested)) return { ok: false, reason: 'not_working_day', suggestion: nextWorkingDayOnOrAfter(requested, calendar) }
  return { ok: true }
}
