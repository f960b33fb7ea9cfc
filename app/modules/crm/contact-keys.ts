// The keys duplicate checks compare (issue 15 "Data integrity"): +7 (912) 345-67-89, 8 912 345 67 89 and
// 89123456789 are one number — its last ten digits; e-mails compare lower-cased and trimmed.

/** The last ten digits of a phone number; null when it has fewer than ten. */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '')
  return digits.length >= 10 ? digits.slice(-10) : null
}

export function emailKey(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase()
  return e ? e : null
}
