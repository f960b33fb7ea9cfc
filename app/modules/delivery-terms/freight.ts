// Who moves the goods and who pays for it, derived from the Incoterm and the freight terms together, so that no
// page can say "free delivery" beside "the buyer pays freight". Incoterms® 2020: under the E and F rules (EXW; FCA,
// FAS, FOB) the buyer contracts and pays the main carriage; under the C and D rules (CPT, CIP, CFR, CIF; DAP, DPU,
// DDP) the seller does. The freight terms then say whether the seller bills the buyer for it. Pure: the cart,
// checkout, the order page, the PDF and the desk form all ask here.

export type Incoterm = 'EXW' | 'FCA' | 'CPT' | 'CIP' | 'DAP' | 'DPU' | 'DDP' | 'FAS' | 'FOB' | 'CFR' | 'CIF'
export type FreightTerms = 'prepaid' | 'prepaid_add' | 'collect'

const BUYER_CARRIES: readonly string[] = ['EXW', 'FCA', 'FAS', 'FOB']

/** Who contracts (and pays) the main carriage under an Incoterm. */
export const carriageBy = (incoterm: string): 'buyer' | 'seller' => (BUYER_CARRIES.includes(incoterm) ? 'buyer' : 'seller')

/** Freight terms that agree with the Incoterm: the buyer's own carrier, or the seller's (included or billed). */
export function freightTermsAllowed(incoterm: string): readonly FreightTerms[] {
  return carriageBy(incoterm) === 'buyer' ? ['collect'] : ['prepaid', 'prepaid_add']
}

export interface FreightRule {
  incoterm: string
  freightTerms: string
  /** Net value (minor units) from which freight is free; null: never. */
  freeFreightMinor: number | null
  /** Freight billed below the threshold, minor units. */
  freightMinor: number
}

/**
 * What the buyer is told about freight:
 * - `buyer`: the buyer arranges and pays carriage itself; nothing is billed here;
 * - `included`: the seller delivers and pays; nothing is billed;
 * - `charged`: the seller delivers and bills `rateMinor`, free from `freeFromMinor` when there is a threshold.
 * Terms stored before the desk refused contradictions follow the Incoterm: it is the contract's rule.
 */
export type FreightPolicy = { kind: 'buyer' } | { kind: 'included' } | { kind: 'charged'; rateMinor: number; freeFromMinor: number | null }

export function freightPolicy(rule: FreightRule): FreightPolicy {
  if (carriageBy(rule.incoterm) === 'buyer') return { kind: 'buyer' }
  if (rule.freightTerms === 'prepaid' || rule.freightMinor <= 0) return { kind: 'included' }
  return { kind: 'charged', rateMinor: rule.freightMinor, freeFromMinor: rule.freeFreightMinor }
}

/** Freight for a net order value: billed only under a `charged` policy, and free from its threshold. */
export function freightFor(rule: FreightRule, netMinor: number) {
  const policy = freightPolicy(rule)
  if (policy.kind !== 'charged') return { freightMinor: 0, missingForFreeMinor: null, policy }
  if (policy.freeFromMinor !== null && netMinor >= policy.freeFromMinor) return { freightMinor: 0, missingForFreeMinor: 0, policy }
  return { freightMinor: policy.rateMinor, missingForFreeMinor: policy.freeFromMinor === null ? null : policy.freeFromMinor - netMinor, policy }
}

/**
 * The desk form's refusals, field by field: freight terms that contradict the Incoterm, a freight charge or a
 * free-freight threshold where nothing is billed, a threshold with nothing to waive. Keys are the form's fields.
 */
export function termsContradictions(input: FreightRule): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  const carriage = carriageBy(input.incoterm)
  if (!freightTermsAllowed(input.incoterm).includes(input.freightTerms as FreightTerms))
    errors.freightTerms = [carriage === 'buyer' ? `terms.error.buyerCarries|${input.incoterm}` : `terms.error.sellerCarries|${input.incoterm}`]
  const billed = carriage === 'seller' && input.freightTerms === 'prepaid_add'
  if (!billed && input.freightMinor > 0) errors.freightMinor = ['terms.error.noChargeHere']
  if (!billed && input.freeFreightMinor !== null) errors.freeFreightMinor = ['terms.error.noThresholdHere']
  else if (billed && input.freeFreightMinor !== null && input.freightMinor <= 0) errors.freeFreightMinor = ['terms.error.thresholdWithoutCharge']
  return errors
}
