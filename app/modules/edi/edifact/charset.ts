// Character sets of UNB S001 0001 (ISO 9735 level A/B, UNOC = ISO 8859-1, UNOE = ISO 8859-5, UNOY = UTF-8 in syntax 4).
// Decoding works on bytes: the UNA/UNB header is ASCII in every one of them, so we peek at it before decoding.
import type { EdifactCharset } from '../document'

export interface PeekedHeader {
  /** Bytes of a UTF-8 BOM skipped at the start (0 or 3). */
  bomLength: number
  /** UNB S001 0001 as written ('UNOC'), or null when no UNB was found in the first bytes. */
  syntaxId: string | null
  /** UNB S001 0002 as written ('3'). */
  syntaxVersion: string | null
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09

/** The UTF-8 BOM length and the UNB S001 syntax identifier, read from the ASCII header. */
export function peekHeader(bytes: Uint8Array): PeekedHeader {
  const bomLength = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  let i = bomLength
  while (i < bytes.length && isSpace(bytes[i])) i++
  let element = 0x2b
  let component = 0x3a
  if (bytes[i] === 0x55 && bytes[i + 1] === 0x4e && bytes[i + 2] === 0x41) {
    component = bytes[i + 3]
    element = bytes[i + 4]
    i += 9
    while (i < bytes.length && isSpace(bytes[i])) i++
  }
  if (!(bytes[i] === 0x55 && bytes[i + 1] === 0x4e && bytes[i + 2] === 0x42)) return { bomLength, syntaxId: null, syntaxVersion: null }
  // Without UNA the separator after UNB tells the set: '+' (default) or IS3 (UNOB control characters).
  if (element === 0x2b && bytes[i + 3] === 0x1d) {
    element = 0x1d
    component = 0x1f
  }
  i += 4
  const readUntil = (stops: number[]) => {
    let s = ''
    while (i < bytes.length && !stops.includes(bytes[i]) && s.length < 8) s += String.fromCharCode(bytes[i++])
    return s
  }
  const syntaxId = readUntil([component, element])
  let syntaxVersion: string | null = null
  if (bytes[i] === component) {
    i++
    syntaxVersion = readUntil([component, element])
  }
  return { bomLength, syntaxId, syntaxVersion }
}

// ISO 8859-5 upper half (0xA0–0xFF); written out because not every JavaScript runtime ships it (small-ICU builds).
const iso88595 = (() => {
  const t = new Uint16Array(96)
  for (let b = 0xa0; b <= 0xff; b++) {
    let cp: number
    if (b === 0xa0) cp = 0xa0
    else if (b === 0xad) cp = 0xad
    else if (b === 0xf0) cp = 0x2116
    else if (b === 0xfd) cp = 0xa7
    else cp = 0x0400 + (b - 0xa0)
    t[b - 0xa0] = cp
  }
  return t
})()
const iso88595Reverse = (() => {
  const m = new Map<number, number>()
  iso88595.forEach((cp, i) => m.set(cp, 0xa0 + i))
  return m
})()

function decodeSingleByte(bytes: Uint8Array, start: number, table: Uint16Array | null): string {
  const chunks: string[] = []
  const CHUNK = 8192
  const buf = new Uint16Array(Math.min(CHUNK, Math.max(0, bytes.length - start)))
  for (let p = start; p < bytes.length; p += CHUNK) {
    const end = Math.min(bytes.length, p + CHUNK)
    for (let j = p; j < end; j++) {
      const b = bytes[j]
      buf[j - p] = table && b >= 0xa0 ? table[b - 0xa0] : b
    }
    chunks.push(String.fromCharCode.apply(null, buf.subarray(0, end - p) as unknown as number[]))
  }
  return chunks.join('')
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true })
const utf8Lenient = new TextDecoder('utf-8')

function hasHighBytes(bytes: Uint8Array, start: number): boolean {
  for (let j = start; j < bytes.length; j++) if (bytes[j] >= 0x80) return true
  return false
}

export interface DecodeResult {
  text: string
  /** The encoding actually used ('ISO-8859-5', 'UTF-8' …). */
  encoding: string
  /** True when the bytes were declared a single-byte set but are valid multi-byte UTF-8 and were read as such. */
  utf8Mislabel: boolean
}

/** Decodes the bytes after the BOM by the declared set; a declared single-byte set whose bytes are valid UTF-8 is read as UTF-8. */
export function decodeBytes(bytes: Uint8Array, start: number, syntaxId: string | null): DecodeResult {
  if (syntaxId === 'UNOY' || syntaxId === 'UNOW') return { text: utf8Lenient.decode(bytes.subarray(start)), encoding: 'UTF-8', utf8Mislabel: false }
  // Pure ASCII reads the same in every set: the native decoder is the fast path.
  if (!hasHighBytes(bytes, start)) {
    return {
      text: utf8Lenient.decode(bytes.subarray(start)),
      encoding: syntaxId === 'UNOE' ? 'ISO-8859-5' : syntaxId === 'UNOA' || syntaxId === 'UNOB' ? 'ASCII' : 'ISO-8859-1',
      utf8Mislabel: false,
    }
  }
  {
    try {
      const text = utf8Fatal.decode(bytes.subarray(start))
      return { text, encoding: 'UTF-8', utf8Mislabel: true }
    } catch {
      // not UTF-8: the declared single-byte set applies
    }
  }
  if (syntaxId === 'UNOE') return { text: decodeSingleByte(bytes, start, iso88595), encoding: 'ISO-8859-5', utf8Mislabel: false }
  // UNOA/UNOB are ASCII subsets: a high byte is outside the repertoire anyway and is reported by the repertoire check.
  return {
    text: decodeSingleByte(bytes, start, null),
    encoding: syntaxId === 'UNOA' || syntaxId === 'UNOB' ? 'ASCII' : 'ISO-8859-1',
    utf8Mislabel: false,
  }
}

// ISO 9735 level A: upper-case letters, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >
const levelA = (() => {
  const t = new Uint8Array(128)
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1
  for (const ch of ' .,-()/=\'+:?!"%&*;<>') t[ch.charCodeAt(0)] = 1
  return t
})()

/**
 * Whether one character belongs to the declared repertoire. Separators named in UNA and CR/LF are always allowed;
 * U+FFFD is reported once for the file, not per character.
 */
export function inRepertoire(code: number, charset: string, extra: string): boolean {
  if (code === 0x0d || code === 0x0a || code === 0xfffd) return true
  if (extra.includes(String.fromCharCode(code))) return true
  switch (charset) {
    case 'UNOA':
      return code < 128 && levelA[code] === 1
    case 'UNOB':
      return (code >= 0x20 && code < 0x7f) || code === 0x1c || code === 0x1d || code === 0x1f || code === 0x19
    case 'UNOC':
      return code >= 0x20 && code <= 0xff && !(code >= 0x7f && code < 0xa0)
    case 'UNOE':
      return (code >= 0x20 && code < 0x7f) || iso88595Reverse.has(code)
    default:
      return true
  }
}

// Russian Cyrillic to Latin after GOST R 52535.1-2006 (the ICAO 9303 table of Russian passports): letters only, no
// apostrophes (the default segment terminator), so a transliterated name never needs a release character.
const translit: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  і: 'i',
  ї: 'i',
  є: 'ie',
  ґ: 'g',
  ў: 'u',
}

function transliterateChar(ch: string): string {
  const lower = ch.toLowerCase()
  const t = translit[lower]
  if (t === undefined) return ch
  if (ch === lower || t.length === 0) return t
  return t[0].toUpperCase() + t.slice(1)
}

/**
 * Makes a data value writable in the partner's set: UNOA upper-cases and transliterates, UNOB and UNOC transliterate
 * Cyrillic (and UNOB strips accents), UNOE and UNOY keep the text. What still does not fit becomes a space.
 */
export function fitToCharset(value: string, charset: EdifactCharset): string {
  if (charset === 'UNOY') return value
  let out = ''
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (inRepertoire(code, charset, '') && code >= 0x20) {
      out += charset === 'UNOA' ? ch.toUpperCase() : ch
      continue
    }
    let t = transliterateChar(ch)
    if (t === ch) t = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    if (charset === 'UNOA') t = t.toUpperCase()
    for (const c of t) out += inRepertoire(c.codePointAt(0) ?? 0, charset, '') ? c : ' '
  }
  return out
}

/** Encodes text already fitted to the set (fitToCharset) into bytes. */
export function encodeText(text: string, charset: EdifactCharset): Uint8Array {
  if (charset === 'UNOY') return new TextEncoder().encode(text)
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (charset === 'UNOE' && c >= 0xa0) out[i] = iso88595Reverse.get(c) ?? 0x3f
    else out[i] = c <= 0xff ? c : 0x3f
  }
  return out
}
