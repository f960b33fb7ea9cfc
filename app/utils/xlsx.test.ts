import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readXlsx, writeXlsx } from './xlsx.server'

const limits = { maxBytes: 5_000_000, maxRows: 10_000 }
const values = (rows: { value: string }[][]) => rows.map((r) => r.map((c) => c.value))

/** A workbook as Excel writes it: shared strings, a formula with its cached value, a gap between columns. */
function excelLike(sheet: string, sharedStrings: string[]) {
  return zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'xl/workbook.xml': strToU8('<workbook xmlns:r="r"><sheets><sheet name="Лист1" sheetId="1" r:id="rId7"/></sheets></workbook>'),
    'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId7" Type="worksheet" Target="worksheets/sheet3.xml"/></Relationships>'),
    'xl/sharedStrings.xml': strToU8(`<sst>${sharedStrings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`),
    'xl/worksheets/sheet3.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
  })
}

describe('xlsx', () => {
  it('reads back what it writes: Cyrillic, numbers, XML specials, empty cells', () => {
    const file = writeXlsx('Цены', ['Артикул', 'Цена'], [['КАБ-1 <&>', 1234.5], ['B', null], ['C "q"', 0]])
    const read = readXlsx(file, limits)
    expect(read.ok && values(read.rows)).toEqual([['Артикул', 'Цена'], ['КАБ-1 <&>', '1234.5'], ['B'], ['C "q"', '0']])
  })

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const read = readXlsx(writeXlsx('S', ['a'], [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@SUM(A1)']]), limits)
    expect(read.ok && values(read.rows).slice(1)).toEqual([["'=HYPERLINK(\"x\")"], ["'+1"], ["'-2"], ["'@SUM(A1)"]])
  })

  it('reads shared strings, keeps Excel’s row numbers and column positions, and flags formulas', () => {
    const file = excelLike('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="3"><c r="B3"><f>1+1</f><v>2</v></c></row>', ['SKU', 'Кол-во &amp; шт'])
    const read = readXlsx(file, limits)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(values(read.rows)).toEqual([['SKU', '', 'Кол-во & шт'], [], ['', '2']])
    expect(read.rows[2][1].formula).toBe(true)
    expect(read.rows[0][0].formula).toBe(false)
  })

  it('refuses a file that is not a workbook', () => {
    expect(readXlsx(strToU8('SKU;Qty\nA;1'), limits)).toEqual({ ok: false, error: 'not_xlsx' })
    expect(readXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]), limits).ok).toBe(false)
    expect(readXlsx(zipSync({ 'a.txt': strToU8('x') }), limits)).toEqual({ ok: false, error: 'not_xlsx' })
  })

  it('stops inflating a zip bomb at the byte cap instead of filling memory', () => {
    // 40 MB of one repeated row compresses to a few hundred kilobytes.
    const row = '<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    const bomb = excelLike(row.repeat(Math.ceil(40_000_000 / row.length)), [])
    expect(bomb.length).toBeLessThan(1_000_000)
    expect(readXlsx(bomb, { maxBytes: 5_000_000, maxRows: 1_000_000 })).toEqual({ ok: false, error: 'too_large' })
  })

  it('refuses more rows than allowed', () => {
    const file = writeXlsx('S', ['a'], Array.from({ length: 50 }, (_, i) => [String(i)]))
    expect(readXlsx(file, { maxBytes: 5_000_000, maxRows: 20 })).toEqual({ ok: false, error: 'too_large' })
  })
})
