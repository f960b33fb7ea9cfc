import { makeCalendar } from './earliest-date'

// Russian public holidays as data (Labour Code art. 112 and the government's yearly transfer decree).
// 2026: the decree's calendar — 1–11 January (3 and 4 January moved to 9 January and 31 December),
// 23 February, 9 March (8 March is a Sunday), 1 May, 11 May (9 May is a Saturday), 12 June, 4 November,
// 31 December. 2027 is provisional until its decree: the fixed holidays, a weekend holiday moving to the next
// working day. Operator staff can replace this table; nothing else in the code knows these dates.
export const ruNonWorkingDays: readonly string[] = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-05',
  '2026-01-06',
  '2026-01-07',
  '2026-01-08',
  '2026-01-09',
  '2026-02-23',
  '2026-03-09',
  '2026-05-01',
  '2026-05-11',
  '2026-06-12',
  '2026-11-04',
  '2026-12-31',
  '2027-01-01',
  '2027-01-04',
  '2027-01-05',
  '2027-01-06',
  '2027-01-07',
  '2027-01-08',
  '2027-02-23',
  '2027-03-08',
  '2027-05-03',
  '2027-05-10',
  '2027-06-14',
  '2027-11-04',
]

/** Saturdays or Sundays that a decree makes working days (none in 2026). */
export const ruWorkingWeekendDays: readonly string[] = []

/** The working-day calendar every delivery date is computed on. */
export const ruCalendar = makeCalendar({ nonWorking: ruNonWorkingDays, workingWeekends: ruWorkingWeekendDays })
