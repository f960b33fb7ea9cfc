import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readXlsx, writeXlsx } from './xlsx.server'

const limits = { maxBytes: 5_000_000, maxRows: 10_000, maxColumns: 26 }
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
    const file = writeXlsx(
      'Цены',
      ['Артикул', 'Цена'],
      [
        ['КАБ-1 <&>', 1234.5],
        ['B', null],
        ['C "q"', 0],
      ],
    )
    const read = readXlsx(file, limits)
    expect(read.ok && values(read.rows)).toEqual([['Артикул', 'Цена'], ['КАБ-1 <&>', '1234.5'], ['B'], ['C "q"', '0']])
  })

  it('reads a number cell as the person typed it, not the 17-digit double Excel stores', () => {
    const read = readXlsx(
      excelLike(
        '<row r="1"><c r="A1"><v>99.900000000000006</v></c><c r="B1"><v>1.2E-3</v></c><c r="C1"><v>4006381333931</v></c><c r="D1" t="str"><v>007</v></c></row>',
        [],
      ),
      limits,
    )
    expect(read.ok && values(read.rows)).toEqual([['99.9', '0.0012', '4006381333931', '007']])
  })

  it('neutralises text that a spreadsheet would run as a formula', () => {
    const read = readXlsx(writeXlsx('S', ['a'], [['=HYPERLINK("x")'], ['+1'], ['-2'], ['@SUM(A1)']]), limits)
    expect(read.ok && values(read.rows).slice(1)).toEqual([['\'=HYPERLINK("x")'], ["'+1"], ["'-2"], ["'@SUM(A1)"]])
  })

  it('reads shared strings, keeps Excel’s row numbers and column positions, and flags formulas', () => {
    const file = excelLike(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row><row r="3"><c r="B3"><f>1+1</f><v>2</v></c></row>',
      ['SKU', 'Кол-во &amp; шт'],
    )
    const read = readXlsx(file, limits)
    expect(read.ok).toBe(true)
    if (!read.ok) return
    expect(values(read.rows)).toEqual([['SKU', '', 'Кол-во & шт'], [], ['', '2']])
    expect(read.rows[2][1].formula).toBe(true)
    expect(read.rows[0][0].formula).toBe(false)
  })

  it('refuses a cell longer than Excel can hold (32,767 characters), inline or shared, naming the cell', () => {
    const long = 'x'.repeat(32_767 * 6 + 1)
    const big = { maxBytes: 50_000_000, maxRows: 10, maxColumns: 26 }
    expect(readXlsx(excelLike(`<row r="1"><c r="B1" t="inlineStr"><is><t>${long}</t></is></c></row>`, []), big)).toEqual({
      ok: false,
      error: 'cell_too_long',
      at: 'B1',
    })
    expect(readXlsx(excelLike('<row r="2"><c r="A2" t="s"><v>1</v></c></row>', ['short', long]), big)).toEqual({
      ok: false,
      error: 'cell_too_long',
      at: 'A2',
    })
    // The longest cell Excel writes still reads, and an unused long shared string costs nothing.
    const longest = 'ы'.repeat(32_767)
    const read = readXlsx(
      excelLike(`<row r="1"><c r="A1" t="inlineStr"><is><t>${longest}</t></is></c><c r="B1" t="s"><v>0</v></c></row>`, ['short', long]),
      big,
    )
    expect(read.ok && read.rows[0].map((c) => c.value.length)).toEqual([32_767, 5])
  })

  it('refuses a file that is not a workbook', () => {
    expect(readXlsx(strToU8('SKU;Qty\nA;1'), limits)).toEqual({ ok: false, error: 'not_xlsx' })
    expect(readXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]), limits).ok).toBe(false)
    expect(readXlsx(zipSync({ 'a.txt': strToU8('x') }), limits)).toEqual({ ok: false, error: 'not_xlsx' })
  })

  it('stops inflating a zip bomb at the byte cap instead of filling memory', () => {
    // 12 MB of one repeated row (over the 5 MB cap) compresses to under a hundred kilobytes; more only slows the test.
    const row = '<row><c t="inlineStr"><is><t>A</t></is></c></row>'
    const bomb = excelLike(row.repeat(Math.ceil(12_000_000 / row.length)), [])
    expect(bomb.length).toBeLessThan(1_000_000)
    expect(readXlsx(bomb, { ...limits, maxRows: 1_000_000 })).toEqual({ ok: false, error: 'too_large' })
  })

  it('refuses more rows than allowed, naming the first row beyond', () => {
    const file = writeXlsx(
      'S',
      ['a'],
      Array.from({ length: 50 }, (_, i) => [String(i)]),
    )
    expect(readXlsx(file, { ...limits, maxRows: 20 })).toEqual({ ok: false, error: 'row_beyond_limit', at: '21' })
    // Rows without r count on from the previous one.
    expect(readXlsx(excelLike('<row><c t="inlineStr"><is><t>A</t></is></c></row>'.repeat(21), []), { ...limits, maxRows: 20 })).toEqual({
      ok: false,
      error: 'row_beyond_limit',
      at: '21',
    })
  })

  it('checks the row and column numbers a file names before padding to them, and answers at once', () => {
    const cell = (ref: string) => `<c r="${ref}" t="inlineStr"><is><t>X</t></is></c>`
    const started = performance.now()
    expect(readXlsx(excelLike(`<row r="60000000">${cell('A60000000')}</row>`, []), { ...limits, maxRows: 5001 })).toEqual({
      ok: false,
      error: 'row_beyond_limit',
      at: '60000000',
    })
    expect(readXlsx(excelLike(`<row r="1">${cell('ZZZZZ1')}</row>`, []), limits)).toEqual({ ok: false, error: 'column_beyond_limit', at: 'ZZZZZ1' })
    expect(readXlsx(excelLike(`<row r="1">${cell('AA1')}</row>`, []), limits)).toEqual({ ok: false, error: 'column_beyond_limit', at: 'AA1' })
    // What an error echoes of a named number is short.
    expect(readXlsx(excelLike(`<row r="${'9'.repeat(400)}">${cell('A1')}</row>`, []), limits)).toEqual({
      ok: false,
      error: 'row_beyond_limit',
      at: `${'9'.repeat(12)}…`,
    })
    expect(performance.now() - started).toBeLessThan(1000)
    // Column Z is the last one allowed; formatting alone beyond the limits (no value) is skipped, not refused.
    const edge = readXlsx(
      excelLike(`<row r="1">${cell('Z1')}<c r="XFD1" s="2"/></row><row r="1048576" s="3"><c r="A1048576" s="3"/></row>`, []),
      limits,
    )
    expect(edge.ok && edge.rows.length === 1 && edge.rows[0].length).toBe(26)
  })

  it('scans a sheet in one pass: thousands of unclosed tags are a damaged file, not minutes of work', () => {
    const started = performance.now()
    expect(readXlsx(excelLike('<row>'.repeat(400_000), []), limits)).toEqual({ ok: false, error: 'not_xlsx' })
    expect(readXlsx(excelLike(`<row r="1">${'<c r="A1"'.repeat(200_000)}</row>`, []), limits)).toEqual({ ok: false, error: 'not_xlsx' })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('finds the sheet by plain comparison, whatever its relationship id holds', () => {
    const file = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="(a+)+$["/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Target="worksheets/s.xml" Id="(a+)+$["/></Relationships>'),
      'xl/worksheets/s.xml': strToU8('<worksheet><sheetData><row><c t="inlineStr"><is><t>ok</t></is></c></row></sheetData></worksheet>'),
    })
    const read = readXlsx(file, limits)
    expect(read.ok && values(read.rows)).toEqual([['ok']])
  })

  it('decodes character references safely: an invalid code point or a NUL becomes U+FFFD', () => {
    const sheet = `<row r="1"><c r="A1" t="inlineStr"><is><t>a&#x110000;b&#0;c&#xD800;d&#99999999999999999999;e&LT;f&#x41;&#1046;\u0000</t></is></c><c r="B1" t="s"><v>0</v></c></row>`
    const file = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
      // Rich text runs are joined; a phonetic guide is not part of the text.
      'xl/sharedStrings.xml': strToU8(
        '<sst><si><r><t>Кабель</t></r><rPh sb="0" eb="1"><t>かな</t></rPh><r><t xml:space="preserve"> ВВГ</t></r></si></sst>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
    })
    const read = readXlsx(file, limits)
    expect(read.ok && values(read.rows)).toEqual([['a\uFFFDb\uFFFDc\uFFFDd\uFFFDe&LT;fAЖ\uFFFD', 'Кабель ВВГ']])
  })
})
