// GTIN-8/12/13/14 check digit (GS1 General Specifications §7.9: weights 3 and 1 from the right).
function checkDigit(body: string) {
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1)
  return (10 - (sum % 10)) % 10
}

export function isValidGtin(gtin: string) {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin) && checkDigit(gtin.slice(0, -1)) === Number(gtin.at(-1))
}

export function withGtinCheckDigit(body: string) {
  return body + checkDigit(body)
}
