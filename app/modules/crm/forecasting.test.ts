import { describe, expect, it } from 'vitest'
import { accuracyOf, forecastSeries, holtWinters, hwInit, isIntermittent, maseScale, seasonalNaive, trailingMean, type HwParams } from './forecasting'

describe('Holt-Winters, additive, worked by hand (m = 4, α = β = γ = 0.5, φ = 1)', () => {
  // y = 10 20 30 20 | 14 24 34 24. L₀ = 20, T₀ = (24 − 20) / 4 = 1, S₀ = −10 0 10 0.
  // t=4: ŷ = 20 + 1 − 10 = 11 (e 3);        L = .5·24 + .5·21 = 22.5;         T = .5·2.5 + .5·1 = 1.75;      S = .5·(14 − 22.5) + .5·(−10) = −9.25
  // t=5: ŷ = 22.5 + 1.75 + 0 = 24.25;       L = .5·24 + .5·24.25 = 24.125;     T = .5·1.625 + .5·1.75 = 1.6875; S = −0.0625
  // t=6: ŷ = 24.125 + 1.6875 + 10 = 35.8125; L = .5·24 + .5·25.8125 = 24.90625; T = 1.234375;                  S = 9.546875
  // t=7: ŷ = 26.140625;                     L = 25.0703125;                    T = 0.69921875;                S = −0.53515625
  // SSE = 3² + 0.25² + 1.8125² + 2.140625² = 16.929931640625; ŷ₉ = L + T − 9.25 = 16.51953125, ŷ₁₀ = L + 2T − 0.0625 = 26.40625
  const y = [10, 20, 30, 20, 14, 24, 34, 24]
  const p: HwParams = { alpha: 0.5, beta: 0.5, gamma: 0.5, phi: 1, kind: 'additive' }
  it('initialises from the first two seasons', () => {
    expect(hwInit(y, 'additive', 4)).toEqual({ level: 20, trend: 1, season: [-10, 0, 10, 0] })
  })
  it('smooths and forecasts as computed by hand', () => {
    const r = holtWinters(y, p, 2, 4)
    expect(r.level).toBeCloseTo(25.0703125, 10)
    expect(r.trend).toBeCloseTo(0.69921875, 10)
    expect(r.sse).toBeCloseTo(16.929931640625, 10)
    expect(r.forecast[0]).toBeCloseTo(16.51953125, 10)
    expect(r.forecast[1]).toBeCloseTo(26.40625, 10)
  })
  it('damps the trend: with φ = 0.5 the first one-step forecast is 20 + 0.5 − 10', () => {
    const r = holtWinters(y.slice(0, 5), { ...p, phi: 0.5 }, 0, 4)
    expect(r.sse).toBeCloseTo((14 - 10.5) ** 2, 10)
  })
})

describe('seasonal naive (m = 12)', () => {
  const y = Array.from({ length: 24 }, (_, i) => i + 1)
  it.each([
    [1, 13],
    [12, 24],
    [13, 13],
    [14, 14],
  ])('h = %i → %i', (h, v) => {
    expect(seasonalNaive(y, h)[h - 1]).toBe(v)
  })
  it('forecasts a pure seasonal pattern exactly', () => {
    const pattern = [5, 6, 9, 12, 15, 17, 18, 16, 13, 10, 8, 6]
    const s = [...pattern, ...pattern, ...pattern]
    expect(seasonalNaive(s.slice(0, 24), 12)).toEqual(pattern)
    expect(forecastSeries(s.slice(0, 30)).points.map((x) => x.value)).toEqual(pattern.slice(6, 12))
  })
})

describe('accuracy', () => {
  it('MAE, wMAPE, MAPE and MASE by hand', () => {
    // |e| = 2, 4 → MAE 3; Σ|e| / Σ|y| = 6 / 30; MAPE = mean(2/10, 4/20) = 0.2; scale 3 → MASE 1.
    expect(
      accuracyOf(
        [
          { e: 2, y: 10 },
          { e: -4, y: 20 },
        ],
        3,
      ),
    ).toEqual({ mae: 3, wmape: 0.2, mape: 0.2, mase: 1 })
  })
  it('leaves out MAPE with a zero month, wMAPE when Σ|y| = 0 and MASE when the series repeats itself', () => {
    expect(
      accuracyOf(
        [
          { e: 1, y: 0 },
          { e: 1, y: 2 },
        ],
        0,
      ),
    ).toEqual({ mae: 1, wmape: 1, mape: null, mase: null })
    expect(accuracyOf([{ e: 1, y: 0 }], 1).wmape).toBeNull()
  })
  it('scales MASE by the mean seasonal difference', () => {
    const y = [...Array.from({ length: 12 }, (_, i) => i), ...Array.from({ length: 12 }, (_, i) => i + 2)]
    expect(maseScale(y)).toBe(2)
    expect(maseScale(y.slice(0, 12))).toBeNull()
  })
})

describe('the choice', () => {
  it('a constant series forecasts that constant, by every method', () => {
    const y = Array.from({ length: 30 }, () => 100)
    for (const kind of ['additive', 'multiplicative'] as const)
      expect(holtWinters(y, { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9, kind }, 6).forecast).toEqual(Array(6).fill(100))
    expect(seasonalNaive(y, 6)).toEqual(Array(6).fill(100))
    expect(trailingMean(y, 6)).toEqual(Array(6).fill(100))
    const f = forecastSeries(y)
    expect(f.points.map((p) => p.value)).toEqual(Array(6).fill(100))
    expect(f.reason).toBe('mase_undefined')
  })
  it('publishes Holt-Winters for a trend with a season', () => {
    const y = Array.from({ length: 30 }, (_, t) => (1000 + 25 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)))
    const f = forecastSeries(y)
    expect(f.method).toBe('holt_winters')
    expect(f.reason).toBe('hw_beats_baseline')
    expect(f.accuracy.holt_winters!.mase!).toBeLessThan(Math.min(1, f.accuracy.seasonal_naive!.mase!))
  })
  it('keeps the baseline when Holt-Winters does not beat it', () => {
    // Erratic, no season: the baseline is poor, and Holt-Winters is no better than it.
    const y = [310, 120, 450, 90, 280, 510, 150, 330, 70, 420, 260, 180, 390, 60, 240, 470, 110, 350, 200, 80, 500, 140, 300, 230]
    const f = forecastSeries(y)
    expect(f.method).toBe('seasonal_naive')
    expect(['baseline_better', 'hw_mase_not_below_one']).toContain(f.reason)
  })
  it('a series of 5 months gets a trailing mean and says why', () => {
    const f = forecastSeries([10, 20, 30, 40, 50])
    expect(f).toMatchObject({ method: 'trailing_mean', reason: 'too_short_trailing' })
    expect(f.points[0]!.value).toBe(30)
  })
  it('13 to 23 months: seasonal naive, too short for Holt-Winters', () => {
    expect(forecastSeries(Array.from({ length: 18 }, (_, i) => 100 + i))).toMatchObject({ method: 'seasonal_naive', reason: 'too_short' })
  })
  it('an intermittent series gets a trailing mean', () => {
    const y = Array.from({ length: 24 }, (_, i) => (i % 5 === 0 ? 500 : 0))
    expect(isIntermittent(y)).toBe(true)
    expect(forecastSeries(y)).toMatchObject({ method: 'trailing_mean', reason: 'intermittent' })
  })
  it('intervals contain the value and stay non-negative', () => {
    const y = Array.from({ length: 24 }, (_, t) => 50 + ((t * 37) % 11) * 10)
    for (const p of forecastSeries(y).points) {
      expect(p.lo).toBeGreaterThanOrEqual(0)
      expect(p.lo).toBeLessThanOrEqual(p.value)
      expect(p.hi).toBeGreaterThanOrEqual(p.value)
    }
  })
})
