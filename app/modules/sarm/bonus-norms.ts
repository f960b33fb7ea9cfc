// Which norm an assistant's bonus is measured against (issue 14: "one value, or per shop or per person"): the
// person's own norm beats the shop's, which beats the programme's. Pure, so a table of cases pins the order.

export interface NormOverrides {
  byUser: ReadonlyMap<string, number>
  byShop: ReadonlyMap<string, number>
}

export type NormSource = 'person' | 'shop' | 'programme'

export function resolveNorm(
  programmeNorm: number,
  overrides: NormOverrides,
  assistant: { userId: string; shopId: string | null },
): { norm: number; source: NormSource } {
  const own = overrides.byUser.get(assistant.userId)
  if (own !== undefined) return { norm: own, source: 'person' }
  const shop = assistant.shopId === null ? undefined : overrides.byShop.get(assistant.shopId)
  if (shop !== undefined) return { norm: shop, source: 'shop' }
  return { norm: programmeNorm, source: 'programme' }
}

/** The overrides as stored (one row per shop or person) in the form `resolveNorm` reads. */
export function normOverrides(rows: readonly { shopId: string | null; userId: string | null; normUnits: number }[]): NormOverrides {
  const byUser = new Map<string, number>()
  const byShop = new Map<string, number>()
  for (const r of rows) {
    if (r.userId) byUser.set(r.userId, r.normUnits)
    else if (r.shopId) byShop.set(r.shopId, r.normUnits)
  }
  return { byUser, byShop }
}
