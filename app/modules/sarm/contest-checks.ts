// The contest checks of issue 14 (shop assistants), as pure functions: the statistics of
// ../shared/anchors/partners-and-crm.md §3.2 and the rules R1–R5 and R7 of §3.3 (R6, claim integrity, is a matter of
// rows — duplicate serials, serials never delivered to the dealer, reused receipts — and is found by queries). The
// database computes each shop's figures for a whole contest at once; these decide from them, so a table of cases
// (the anchors' worked example among them) can test every rule and the clean cases that must not fire.
//
// A flag never accuses: it carries its rule, the figures and the threshold it crossed, and holds the prize for a
// partner manager to decide.

export type CheckRule = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R7'

export interface Flag {
  rule: CheckRule
  /** The reason code shown to the dealer in plain words ("sales concentrated unusually in one seller"). */
  reason: 'concentration' | 'improbable_share' | 'sellers_vanished' | 'zero_sum_gain' | 'end_of_window' | 'velocity'
  /** The numbers the partner manager sees, each by name. */
  figures: Record<string, number>
  /** The limits they were measured against, stored with the run. */
  thresholds: Record<string, number>
}

/** The defaults of the anchors' §3.3, configurable per contest and stored with each run. */
export const defaultThresholds = {
  r1SdFloor: 0.02,
  r1Sigmas: 3,
  r1TopShare: 0.5,
  r1MinBaselinePeriods: 4,
  r2Tail: 0.001,
  r3ActiveRatio: 0.5,
  r3VolumeRatio: 0.8,
  r3RosterCoverage: 0.5,
  r4Incrementality: 0.3,
  r5LastDaysShare: 0.1,
  r5Multiple: 2,
  r7SameCustomer: 3,
}
export type Thresholds = typeof defaultThresholds

// ── Statistics ──────────────────────────────────────────────────────────────────────────────────────────────

export const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0)
export const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : 0)

/** Population standard deviation: the baseline periods are all there is, not a sample of them. */
export function sd(xs: readonly number[]) {
  if (xs.length < 2) return 0
  const m = mean(xs)
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))
}

export function median(xs: readonly number[]) {
  if (!xs.length) return 0
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Each seller's share of the shop's units (sellers with no units included as 0). */
export function shares(units: readonly number[]) {
  const total = sum(units)
  return total > 0 ? units.map((u) => u / total) : units.map(() => 0)
}

/** Herfindahl index Σ pᵢ² (0..1); its inverse is the effective number of sellers. */
export const hhi = (units: readonly number[]) => sum(shares(units).map((p) => p * p))

/** HHI* = (HHI − 1/n)/(1 − 1/n) for n active sellers, so shops of different sizes compare (0 for one seller). */
export function normalisedHhi(units: readonly number[]) {
  const n = units.filter((u) => u > 0).length
  if (n <= 1) return n === 1 ? 1 : 0
  return (hhi(units) - 1 / n) / (1 - 1 / n)
}

// Lanczos approximation of ln Γ(x) (g = 7, n = 9): 15 significant digits, enough for tails down to 1e-300.
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
]
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x)
  const z = x - 1
  let a = lanczos[0]
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += lanczos[i] / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

const lnChoose = (n: number, k: number) => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1)

/**
 * P(X ≥ x) for X ~ Binomial(n, p), summed in log space from x upwards (the terms fall fast above the mean, so the
 * sum stops once they no longer change it): the chance of a share at least this large if the seller sold at its
 * usual rate.
 */
export function binomialTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1
  if (x > n) return 0
  if (p <= 0) return 0
  if (p >= 1) return 1
  const lp = Math.log(p)
  const lq = Math.log1p(-p)
  let maxLog = -Infinity
  const logs: number[] = []
  for (let k = x; k <= n; k++) {
    const l = lnChoose(n, k) + k * lp + (n - k) * lq
    logs.push(l)
    if (l > maxLog) maxLog = l
    if (k > n * p && l < maxLog - 40) break
  }
  const total = Math.exp(maxLog) * sum(logs.map((l) => Math.exp(l - maxLog)))
  return Math.min(1, total)
}

// ── The rules ───────────────────────────────────────────────────────────────────────────────────────────────

/** One shop in one contest: its sellers' units now, and the same for each of the previous comparable periods. */
export interface ShopFigures {
  /** Units (or revenue) per seller in the contest period, the winner's included. */
  contest: readonly number[]
  /** Per baseline period, units per seller (any order). Up to 6 periods. */
  baseline: readonly (readonly number[])[]
  /** Index of the contest winner in `contest`. */
  winner: number
  /** The winner's units in the baseline periods together. */
  winnerBaselineUnits: number
  /** The shop's roster during the contest (assistants employed then). */
  rosterSize: number
  /** For shops with too short a history: the network's 95th percentile of HHI* for shops of this size. */
  networkP95NormalisedHhi?: number
}

export function concentrationJump(f: ShopFigures, t: Thresholds = defaultThresholds): Flag | null {
  const p1 = Math.max(0, ...shares(f.contest))
  const now = hhi(f.contest)
  if (f.baseline.length < t.r1MinBaselinePeriods) {
    const limit = f.networkP95NormalisedHhi
    const star = normalisedHhi(f.contest)
    if (limit === undefined || !(star > limit) || p1 < t.r1TopShare) return null
    return {
      rule: 'R1',
      reason: 'concentration',
      figures: { hhi: now, normalisedHhi: star, topShare: p1 },
      thresholds: { networkP95: limit, topShare: t.r1TopShare },
    }
  }
  const past = f.baseline.map((units) => hhi(units))
  const limit = mean(past) + t.r1Sigmas * Math.max(sd(past), t.r1SdFloor)
  if (now < limit || p1 < t.r1TopShare) return null
  return {
    rule: 'R1',
    reason: 'concentration',
    figures: { hhi: now, effectiveSellers: now > 0 ? 1 / now : 0, topShare: p1, baselineHhi: mean(past) },
    thresholds: { hhi: limit, topShare: t.r1TopShare },
  }
}

/** The winner's smoothed baseline share (x_b + 1)/(U_b + n_b), then the tail of its contest units. */
export function improbableShare(f: ShopFigures, t: Thresholds = defaultThresholds): Flag | null {
  const baselineTotal = sum(f.baseline.map((units) => sum(units)))
  const sellers = Math.max(1, ...f.baseline.map((units) => units.length))
  const p = (f.winnerBaselineUnits + 1) / (baselineTotal + sellers)
  const total = sum(f.contest)
  const won = f.contest[f.winner] ?? 0
  const tail = binomialTail(won, total, p)
  if (!(tail < t.r2Tail)) return null
  return {
    rule: 'R2',
    reason: 'improbable_share',
    figures: { winnerUnits: won, shopUnits: total, baselineShare: p, tail },
    thresholds: { tail: t.r2Tail },
  }
}

export function sellersVanished(f: ShopFigures, t: Thresholds = defaultThresholds): Flag | null {
  const active = f.contest.filter((u) => u > 0).length
  const activeBefore = median(f.baseline.map((units) => units.filter((u) => u > 0).length))
  const volume = sum(f.contest)
  const volumeBefore = mean(f.baseline.map((units) => sum(units)))
  const coverage = f.rosterSize > 0 ? active / f.rosterSize : 1
  const fewer = f.baseline.length > 0 && active <= t.r3ActiveRatio * activeBefore && volume >= t.r3VolumeRatio * volumeBefore
  if (!fewer && !(coverage < t.r3RosterCoverage)) return null
  return {
    rule: 'R3',
    reason: 'sellers_vanished',
    figures: {
      activeSellers: active,
      baselineActiveSellers: activeBefore,
      shopUnits: volume,
      baselineShopUnits: volumeBefore,
      rosterCoverage: coverage,
    },
    thresholds: { activeRatio: t.r3ActiveRatio, volumeRatio: t.r3VolumeRatio, rosterCoverage: t.r3RosterCoverage },
  }
}

/** ι = ΔU_shop / Δu_winner against the baseline means: how much of the winner's gain the shop really sold more. */
export function zeroSumGain(f: ShopFigures, t: Thresholds = defaultThresholds): Flag | null {
  const periods = Math.max(1, f.baseline.length)
  const winnerGain = (f.contest[f.winner] ?? 0) - f.winnerBaselineUnits / periods
  if (!(winnerGain > 0)) return null
  const shopGain = sum(f.contest) - mean(f.baseline.map((units) => sum(units)))
  const incrementality = shopGain / winnerGain
  if (!(incrementality < t.r4Incrementality)) return null
  return {
    rule: 'R4',
    reason: 'zero_sum_gain',
    figures: { winnerGain, shopGain, incrementality },
    thresholds: { incrementality: t.r4Incrementality },
  }
}

/** R5: the contest's units bunched in its last days, or the winner's contest sales returned soon after. */
export function endOfWindow(
  f: {
    lastDaysShare: number
    baselineLastDaysShare: number
    winnerReturnRate: number
    shopReturnRate: number
  },
  t: Thresholds = defaultThresholds,
): Flag | null {
  const bunched =
    f.baselineLastDaysShare > 0 ? f.lastDaysShare > t.r5Multiple * f.baselineLastDaysShare : f.lastDaysShare > t.r5Multiple * t.r5LastDaysShare
  const returned = f.winnerReturnRate > t.r5Multiple * f.shopReturnRate && f.winnerReturnRate > 0
  if (!bunched && !returned) return null
  return { rule: 'R5', reason: 'end_of_window', figures: { ...f }, thresholds: { multiple: t.r5Multiple, lastDaysShare: t.r5LastDaysShare } }
}

/** R7: more units per selling day than the network's 99th percentile for the product group, or repeat buyers. */
export function velocity(
  f: { unitsPerSellerDay: number; networkP99: number; mostSalesToOneCustomer: number },
  t: Thresholds = defaultThresholds,
): Flag | null {
  const fast = f.unitsPerSellerDay > f.networkP99
  const repeat = f.mostSalesToOneCustomer >= t.r7SameCustomer
  if (!fast && !repeat) return null
  return { rule: 'R7', reason: 'velocity', figures: { ...f }, thresholds: { networkP99: f.networkP99, sameCustomer: t.r7SameCustomer } }
}

/** The share-based rules for one winner's shop, in rule order. */
export function checkShop(f: ShopFigures, t: Thresholds = defaultThresholds): Flag[] {
  return [concentrationJump(f, t), improbableShare(f, t), sellersVanished(f, t), zeroSumGain(f, t)].filter((x): x is Flag => x !== null)
}
