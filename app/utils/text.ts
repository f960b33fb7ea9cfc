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

/** Roubles as people write them ("1 234,50", "1234.5") to kopecks; null unless at most two decimals. */
export function parseRoubles(text: string): number | null {
  const t = text.replace(/[\s\u00a0]/g, '').replace(',', '.')
  return /^\d{1,10}(\.\d{1,2})?$/.test(t) ? Math.round(Number(t) * 100) : null
}
