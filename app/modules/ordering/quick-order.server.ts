import { businessClock } from '../../utils/clock.server'
import { addToCart, type CartOwner } from './cart.server'
import { validateOrderLines, type RejectedLine } from './order-lines.server'
import { parsePaste } from './paste'
import { readOrderFile, type OrderFileError } from './upload.server'

// Quick order (DESIGN.md §4): the SKU grid's rows, a paste, or a file become one text of "reference <tab>
// quantity" lines; the one validator decides each line; valid lines go into the cart in one transaction and
// every rejected line comes back with its reason and its line number.

export interface QuickOrderInput {
  grid: { ref: string; qty: string }[]
  pasted: string
  /** A chosen file replaces the grid and the paste. */
  file: Uint8Array | null
}

/** A catalog key, with the row or cell a file refusal names after a bar (`quick.file.row_beyond_limit|60000000`). */
export type QuickOrderRefusal = `quick.file.${OrderFileError}` | `quick.file.${OrderFileError}|${string}` | 'quick.nothing'

export async function quickOrder({ scope, userId, input }: CartOwner & { input: QuickOrderInput }) {
  let text = [...input.grid.filter((g) => g.ref.trim()).map((g) => `${g.ref.trim().slice(0, 64)}\t${g.qty.trim().slice(0, 32) || '1'}`), input.pasted]
    .filter(Boolean)
    .join('\n')
  let formulaLines: number[] = []
  if (input.file?.length) {
    const read = readOrderFile(input.file)
    if (!read.ok)
      return { ok: false as const, error: read.at ? (`quick.file.${read.error}|${read.at}` as const) : (`quick.file.${read.error}` as const) }
    ;({ text, formulaLines } = read)
  }
  if (!text.trim() && !formulaLines.length) return { ok: false as const, error: 'quick.nothing' as const }
  const paste = parsePaste(text)
  const { today, now } = await businessClock()
  const { accepted, rejected } = await validateOrderLines({ scope, lines: paste.lines, date: today, now })
  await addToCart({ scope, userId, lines: accepted.map((l) => ({ productId: l.productId, qty: l.qty })) })
  const unreadable: RejectedLine[] = [
    ...paste.unreadable.map((u) => ({ lineNos: [u.lineNo], ref: u.raw, qtyRaw: '', reason: 'unreadable' as const })),
    ...formulaLines.map((lineNo) => ({ lineNos: [lineNo], ref: '', qtyRaw: '', reason: 'formula' as const })),
  ]
  return { ok: true as const, accepted, rejected: [...unreadable, ...rejected].sort((a, b) => a.lineNos[0] - b.lineNos[0]) }
}
