import { describe, expect, it } from 'vitest'
import { fromLocalInput, toLocalInput } from './format'

// A `datetime-local` field holds a wall-clock time without a zone: the tender's start is read and shown in the
// operator's zone on both sides (it used to be a fixed +3 h).
describe('datetime-local values in a time zone', () => {
  it.each([
    ['2026-12-02T15:30', 'Europe/Moscow', '2026-12-02T12:30:00.000Z'],
    ['2026-12-02T15:30', 'UTC', '2026-12-02T15:30:00.000Z'],
    ['2026-12-02T15:30', 'Asia/Yekaterinburg', '2026-12-02T10:30:00.000Z'],
    ['2026-07-01T09:00', 'Europe/Berlin', '2026-07-01T07:00:00.000Z'],
    ['2026-01-01T09:00', 'Europe/Berlin', '2026-01-01T08:00:00.000Z'],
    ['2026-11-01T12:00', 'America/New_York', '2026-11-01T17:00:00.000Z'],
  ])('%s in %s is %s, and shows as it was typed', (local, zone, instant) => {
    expect(fromLocalInput(local, zone)?.toISOString()).toBe(instant)
    expect(toLocalInput(instant, zone)).toBe(local)
  })

  it('refuses what is not a real day and time', () => {
    for (const v of ['2026-02-30T10:00', '2026-12-02T25:00', '2026-12-02 10:00', '']) expect(fromLocalInput(v, 'Europe/Moscow')).toBeNull()
  })

  it('a time skipped by a clock change still gives a moment near it', () => {
    const at = fromLocalInput('2026-03-08T02:30', 'America/New_York')!
    expect(Math.abs(at.getTime() - Date.parse('2026-03-08T07:30:00Z'))).toBeLessThanOrEqual(3600_000)
  })
})
