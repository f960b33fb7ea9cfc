// Tax identifiers with their check digits. A typo in an INN is the most common onboarding error, and the
// check digits catch almost all of them before a human has to.

const digits = (s: string) => [...s].map(Number)
const weighted = (d: number[], weights: number[]) => weights.reduce((sum, w, i) => sum + w * d[i], 0)

/** Russian INN: 10 digits for organisations, 12 for individuals (FNS order, check digits mod 11 mod 10). */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false
  const d = digits(inn)
  const check = (weights: number[]) => (weighted(d, weights) % 11) % 10
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9]
  return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11]
}

/** Completes the first 9 (or 10) digits of an INN with its check digit(s); used by factories and demo data. */
export function withInnCheckDigits(base: string): string {
  const d = digits(base)
  const next = (weights: number[]) => (weighted(d, weights) % 11) % 10
  if (base.length === 9) return base + next([2, 4, 10, 3, 5, 9, 4, 6, 8])
  if (base.length === 10) {
    d.push(next([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]))
    return base + d[10] + next([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
  }
  throw new Error('INN base must have 9 or 10 digits')
}

/** Russian KPP: 4-digit tax office code, 2 characters of reason (digits or A–Z), 3-digit serial. */
export function isValidKpp(kpp: string): boolean {
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(kpp)
}

/** Kazakhstan BIN/IIN: 12 digits, check digit mod 11 with a second weight set when the first gives 10. */
function isValidKzBin(id: string) {
  if (!/^\d{12}$/.test(id)) return false
  const d = digits(id)
  let c = weighted(d, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11
  if (c === 10) c = weighted(d, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11
  return c !== 10 && c === d[11]
}

/** Belarus UNP: 9 digits, weights 29 23 19 17 13 7 5 3, mod 11. */
function isValidByUnp(id: string) {
  if (!/^\d{9}$/.test(id)) return false
  const d = digits(id)
  const c = weighted(d, [29, 23, 19, 17, 13, 7, 5, 3]) % 11
  return c !== 10 && c === d[8]
}

/** German USt-IdNr: DE + 9 digits, ISO 7064 MOD 11,10. */
function isValidDeVat(id: string) {
  if (!/^\d{9}$/.test(id)) return false
  let product = 10
  for (const n of digits(id.slice(0, 8))) {
    let sum = (n + product) % 10
    if (sum === 0) sum = 10
    product = (2 * sum) % 11
  }
  return (11 - product) % 10 === Number(id[8])
}

const vatCheckers: Record<string, (rest: string) => boolean> = { KZ: isValidKzBin, BY: isValidByUnp, DE: isValidDeVat }

export type VatIdCheck = 'valid' | 'invalid_format' | 'invalid_checksum'

/**
 * A VAT id with its ISO country prefix ("DE136695976", "KZ…", "BY…"). Countries with a known check-digit
 * rule are checked; others must match the general shape (2 letters + 2–13 letters or digits).
 */
export function checkVatId(vatId: string): VatIdCheck {
  const m = /^([A-Z]{2})([0-9A-Z]{2,13})$/.exec(vatId)
  if (!m) return 'invalid_format'
  const checker = vatCheckers[m[1]]
  if (!checker) return 'valid'
  return checker(m[2]) ? 'valid' : 'invalid_checksum'
}
