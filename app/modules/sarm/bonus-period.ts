// Calendar months for the desk (a new programme defaults to this month; the overview compares it with the last).

/** "2026-12-03" → the first day of its month, its last day, and the first day of the month before. */
export function monthStarts(today: string) {
  const [y, m] = today.split('-').map(Number)
  const pad = (n: number) => String(n).padStart(2, '0')
  const thisMonth = `${y}-${pad(m)}-01`
  const lastMonth = m === 1 ? `${y - 1}-12-01` : `${y}-${pad(m - 1)}-01`
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  const monthEnd = `${y}-${pad(m)}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`
  return { thisMonth, lastMonth, monthEnd }
}
