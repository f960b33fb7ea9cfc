// The X12 side of the EDI module (anchors/edi.md §0.1, §3.3): our own tokenizer, envelope checks, set readers and
// writers. parseX12 never throws; the writers throw only on a caller's mistake (bad settings or control numbers).
import type { ParseOptions, ParseResult } from '../document'
import { buildInterchange } from './envelope'
import { tokenizeX12 } from './tokenizer'

export { write997, writeTa1 } from './ack'
export { x12Code } from './codes'
export { writeX12 } from './writer'

/** After an optional UTF-8 BOM and white space, the bytes start with 'ISA'. */
export function isX12(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++
  return bytes[i] === 0x49 && bytes[i + 1] === 0x53 && bytes[i + 2] === 0x41
}

export function parseX12(bytes: Uint8Array, options: ParseOptions): ParseResult {
  try {
    if (!isX12(bytes)) {
      // Binary or foreign bytes: no decoding of megabytes we cannot read; the monitor shows the first part.
      const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096))
      return {
        syntax: 'unknown',
        charset: 'UTF-8',
        text: head,
        issues: [{ level: 'file', code: 'unreadable', severity: 'error', offset: 0, message: 'The bytes do not start with an X12 ISA header.' }],
        interchanges: [],
      }
    }
    const tokens = tokenizeX12(bytes, options.tolerant)
    return {
      syntax: 'x12',
      charset: 'UTF-8',
      text: tokens.text,
      issues: tokens.issues,
      interchanges: tokens.interchanges.map((t) => buildInterchange(t, tokens.text, options)),
    }
  } catch (error) {
    // A defect of ours must still not become a 500: report it as an unreadable file.
    return {
      syntax: 'unknown',
      charset: 'UTF-8',
      text: '',
      issues: [
        {
          level: 'file',
          code: 'unreadable',
          severity: 'error',
          message: `The X12 parser failed: ${error instanceof Error ? error.message : String(error)}.`,
        },
      ],
      interchanges: [],
    }
  }
}
