import { describe, expect, it } from 'vitest'
import { judgeChurn } from './churn-rules'

describe('judgeChurn', () => {
  it.each([
    // orders every 31 days, last one 94 days ago: 94 > 1.5 × 31 = 46.5 → at risk
    { days: [0, 31, 62, 93], today: 187, out: { judged: true, atRisk: true, daysSince: 94, medianGap: 31, gaps: 3, orders: 4 } },
    // 40 days ago with a 31-day median: 40 ≤ 46.5 → fine
    { days: [0, 31, 62, 93], today: 133, out: { judged: true, atRisk: false, daysSince: 40, medianGap: 31, gaps: 3, orders: 4 } },
    // even count of gaps: 10, 20, 30, 40 → median 25; 38 > 37.5 → at risk
    { days: [0, 10, 30, 60, 100], today: 138, out: { judged: true, atRisk: true, daysSince: 38, medianGap: 25, gaps: 4, orders: 5 } },
    // exactly 1.5 × is not beyond it
    { days: [0, 20, 40], today: 70, out: { judged: true, atRisk: false, daysSince: 30, medianGap: 20, gaps: 2, orders: 3 } },
    // two orders (one gap): not enough
    { days: [0, 30], today: 300, out: { judged: false, orders: 2 } },
    // two orders the same day count once
    { days: [5, 5, 9], today: 30, out: { judged: false, orders: 2 } },
  ])('%#', ({ days, today, out }) => expect(judgeChurn(days, today)).toEqual(out))
})
