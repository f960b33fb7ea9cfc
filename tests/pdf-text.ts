import { inflateSync } from 'node:zlib'

// The text of a PDF as pdfkit writes it, for tests: no extractor ships with the project, and pdfkit's output is
// regular. Each font is embedded with a ToUnicode map; every piece of text is one BT…ET block (one line of a
// wrapped paragraph or one table cell line) whose glyph ids the map turns back into characters. A "run" is one
// such block, so a header that broke inside a word shows up as two runs.

export interface PdfText {
  /** Per page, its runs in drawing order. */
  pages: string[][]
  /** Every run, all pages. */
  runs: string[]
  /** All text, runs joined by newlines. */
  text: string
  /** All text, runs joined by spaces: a phrase wrapped inside a table cell reads whole. */
  flat: string
}

/** UTF-16BE hex as a string. */
function utf16(hex: string) {
  let s = ''
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16))
  return s
}

export function pdfText(pdf: Buffer | string): PdfText {
  const bytes = typeof pdf === 'string' ? Buffer.from(pdf, 'latin1') : pdf
  const raw = bytes.toString('latin1')
  const objects = new Map<number, { dict: string; stream: string | null }>()
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]
    const at = body.indexOf('stream')
    let stream: string | null = null
    let dict = body
    if (at >= 0) {
      dict = body.slice(0, at)
      const start = m.index! + m[0].indexOf(body) + at + body.slice(at).match(/^stream\r?\n/)![0].length
      const end = raw.indexOf('endstream', start)
      const chunk = bytes.subarray(start, end)
      stream = (/\/FlateDecode/.test(dict) ? inflateSync(chunk) : chunk).toString('latin1')
    }
    objects.set(Number(m[1]), { dict, stream })
  }
  // Font resource name → glyph id → text.
  const maps = new Map<string, Map<number, string>>()
  for (const { dict } of objects.values())
    for (const [, name, ref] of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(ref))
      const cmapRef = font?.dict.match(/\/ToUnicode (\d+) 0 R/)?.[1]
      const cmap = cmapRef ? objects.get(Number(cmapRef))?.stream : null
      if (!cmap || maps.has(name)) continue
      const glyphs = new Map<number, string>()
      for (const [, from, , list] of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi))
        // A ligature maps to several characters: <0066 0069> is "fi".
        [...list.matchAll(/<([0-9a-f ]+)>/gi)].forEach(([, u], i) => glyphs.set(parseInt(from, 16) + i, utf16(u.replace(/ /g, ''))))
      for (const [, from, to, u] of cmap.matchAll(/^<([0-9a-f]+)> <([0-9a-f]+)> <([0-9a-f]+)>$/gim))
        for (let g = parseInt(from, 16), c = parseInt(u, 16); g <= parseInt(to, 16); g++, c++) glyphs.set(g, String.fromCharCode(c))
      maps.set(name, glyphs)
    }
  const pages: string[][] = []
  for (const { stream } of objects.values()) {
    if (!stream || !/\bBT\b/.test(stream) || /begincmap/.test(stream)) continue
    const runs: string[] = []
    for (const [, block] of stream.matchAll(/BT([\s\S]*?)ET/g)) {
      const font = block.match(/\/(F\d+) [\d.]+ Tf/)?.[1]
      const glyphs = font ? maps.get(font) : undefined
      let text = ''
      for (const [, array] of block.matchAll(/\[([^\]]*)\] TJ/g))
        for (const [, hex] of array.matchAll(/<([0-9a-f]*)>/gi))
          for (let i = 0; i + 4 <= hex.length; i += 4) text += glyphs?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '?'
      runs.push(text)
    }
    pages.push(runs)
  }
  const runs = pages.flat()
  return { pages, runs, text: runs.join('\n'), flat: runs.join(' ') }
}
