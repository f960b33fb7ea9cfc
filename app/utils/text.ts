// Small helpers for text people type or upload, shared by every module that reads it.

/** A LIKE/ILIKE pattern that finds `q` anywhere, with the pattern's own wildcards in `q` taken literally. */
export function containsPattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * An uploaded text file (CSV, a paste saved to disk): UTF-8, or Windows-1251 as Russian Excel saves CSV, without
 * a byte-order mark. Bytes that are not valid UTF-8 are read as Windows-1251, which maps every byte but NUL to a
 * character. Null for a binary: text has no NUL bytes, an image or an executable renamed to .csv does. The whole
 * file is checked, not a first block: a NUL further on would reach the database, which refuses it in text.
 */
export function decodeTextFile(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1251').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/**
 * A number as either spreadsheet dialect writes it: "1 234,56" (Russian: spaces group, comma decimal), "1234.56"
 * (English), "1,234.56" or "1.234,56" (grouped). The rule, the same for every file and every separator:
 * - spaces (including no-break and thin spaces) only group digits;
 * - one comma or one point is the decimal mark: "1,234" is 1.234 (with ";" as the separator that is a Russian
 *   decimal comma; with "," as the separator an unquoted "1,234" is two cells, so it cannot reach here);
 * - with both, the last one is the decimal mark and the other must group thousands ("1,234.5", "1.234,5");
 * - several of one mark and none of the other group thousands ("1.234.567").
 * Returns the value and how many decimals were written (a whole number refuses "1,000": see `parseWholeNumber`),
 * or null for anything else.
 */
export function readDecimal(text: string): { value: number; decimals: number } | null {
  let t = text.replace(/\s/g, '').replace(/^[\u2212\u2013]/, '-')
  const negative = t.startsWith('-')
  if (negative) t = t.slice(1)
  let whole: string
  let fraction = ''
  const lastMark = Math.max(t.lastIndexOf(','), t.lastIndexOf('.'))
  if (/^\d+$/.test(t)) whole = t
  else if (/^\d*[.,]\d+$/.test(t)) [whole, fraction] = [t.slice(0, lastMark), t.slice(lastMark + 1)]
  else if (/^\d{1,3}(?:,\d{3})+\.\d+$/.test(t) || /^\d{1,3}(?:\.\d{3})+,\d+$/.test(t))
    [whole, fraction] = [t.slice(0, lastMark).replace(/[.,]/g, ''), t.slice(lastMark + 1)]
  else if (/^\d{1,3}(?:,\d{3}){2,}$/.test(t) || /^\d{1,3}(?:\.\d{3}){2,}$/.test(t)) whole = t.replace(/[.,]/g, '')
  else return null
  if (whole.length > 15) return null
  const value = Number(`${whole || '0'}.${fraction || '0'}`)
  return { value: negative ? -value : value, decimals: fraction.length }
}

/**
 * A whole number written either way ("1 234", "1234,00"); null for a fraction, and for exactly three decimals:
 * "1,000" or "1.000" is a thousand to some readers and one to others, so it is refused rather than guessed.
 */
export function parseWholeNumber(text: string): number | null {
  const read = readDecimal(text)
  if (!read || !Number.isSafeInteger(read.value) || read.decimals === 3) return null
  return read.value
}

/** Roubles as people write them ("1 234,50", "1234.5", "1,234.50") to kopecks; null unless at most two decimals. */
export function parseRoubles(text: string): number | null {
  const read = readDecimal(text)
  if (!read || read.value < 0 || read.decimals > 2 || read.value >= 1e10) return null
  return Math.round(read.value * 100)
}
