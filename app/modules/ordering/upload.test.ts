import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { writeXlsx } from '../../utils/xlsx.server'
import { readOrderFile } from './upload.server'

describe('quick-order files', () => {
  it('reads UTF-8 CSV, with or without a byte-order mark', () => {
    expect(readOrderFile(strToU8('\uFEFFАртикул;Количество\nКАБ-1;5'))).toEqual({ ok: true, text: 'Артикул\tКоличество\nКАБ-1\t5', formulaLines: [] })
  })

  // Issue 10 item 8: a Russian Excel writes ";" and decimal commas, an English one "," and points; both are read.
  it('reads both CSV dialects, with quoted cells and notes after the quantity, keeping line numbers', () => {
    const ru = readOrderFile(strToU8('\uFEFFАртикул;Количество;Примечание\r\nVK-1000;"1 234,5";срочно\r\n\r\n"ВВГ; 3×2,5";10\r\n'))
    const en = readOrderFile(strToU8('SKU,Qty,Note\nVK-1000,"1,234.5",urgent\n\n"VVG, 3x2.5",10\n'))
    expect(ru).toEqual({ ok: true, text: 'Артикул\tКоличество\nVK-1000\t1 234,5\n\nВВГ; 3×2,5\t10', formulaLines: [] })
    expect(en).toEqual({ ok: true, text: 'SKU\tQty\nVK-1000\t1,234.5\n\nVVG, 3x2.5\t10', formulaLines: [] })
    // A reference alone on its line stays alone: the paste parser reads it as one piece.
    expect(readOrderFile(strToU8('VK-1000\nVK-1001;3'))).toMatchObject({ text: 'VK-1000\nVK-1001\t3' })
  })

  it('reads Windows-1251 CSV as Russian Excel saves it', () => {
    // "Артикул;Кол-во" in Windows-1251.
    const cp1251 = new Uint8Array([0xc0, 0xf0, 0xf2, 0xe8, 0xea, 0xf3, 0xeb, 0x3b, 0xca, 0xee, 0xeb, 0x2d, 0xe2, 0xee])
    expect(readOrderFile(cp1251)).toMatchObject({ ok: true, text: 'Артикул\tКол-во' })
  })

  it('turns a workbook into tab-separated lines with Excel’s row numbers, and names formula rows', () => {
    const file = writeXlsx(
      'S',
      ['SKU', 'Qty'],
      [
        ['A-1', 3],
        [null, null],
        ['B-2', 1],
      ],
    )
    const read = readOrderFile(file)
    expect(read).toEqual({ ok: true, text: 'SKU\tQty\nA-1\t3\n\nB-2\t1', formulaLines: [] })
  })

  it('refuses binaries, empty files, broken workbooks and files over 5,000 lines', () => {
    expect(readOrderFile(new Uint8Array())).toEqual({ ok: false, error: 'empty' })
    expect(readOrderFile(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toEqual({ ok: false, error: 'binary' })
    expect(readOrderFile(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]))).toEqual({ ok: false, error: 'not_xlsx' })
    expect(readOrderFile(strToU8('A;1\n'.repeat(5002)))).toEqual({ ok: false, error: 'too_many_lines' })
    expect(
      readOrderFile(
        writeXlsx(
          'S',
          ['a'],
          Array.from({ length: 5001 }, () => ['A', 1]),
        ),
      ),
    ).toEqual({ ok: false, error: 'row_beyond_limit', at: '5002' })
  })

  it('refuses a workbook naming a row or column beyond the limits without padding to it', () => {
    const book = (sheet: string) =>
      zipSync({
        'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        'xl/_rels/workbook.xml.rels': strToU8('<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${sheet}</sheetData></worksheet>`),
      })
    const started = performance.now()
    const far = book('<row r="60000000"><c r="A60000000" t="inlineStr"><is><t>QO-1</t></is></c><c r="B60000000"><v>1</v></c></row>')
    expect(far.length).toBeLessThan(1024)
    expect(readOrderFile(far)).toEqual({ ok: false, error: 'row_beyond_limit', at: '60000000' })
    expect(readOrderFile(book('<row r="1"><c r="ZZZZZ1"><v>1</v></c></row>'))).toEqual({ ok: false, error: 'column_beyond_limit', at: 'ZZZZZ1' })
    expect(performance.now() - started).toBeLessThan(500)
    // A NUL written as a character reference becomes U+FFFD instead of reaching the database.
    expect(readOrderFile(book('<row r="1"><c r="A1" t="inlineStr"><is><t>QO&#0;1&#x110000;</t></is></c></row>'))).toMatchObject({
      ok: true,
      text: 'QO\uFFFD1\uFFFD',
    })
  })

  it('refuses a CSV with a NUL past the first 8 kB as a binary', () => {
    expect(readOrderFile(strToU8(`${'A;1\n'.repeat(3000)}B\u0000;1\n`))).toEqual({ ok: false, error: 'binary' })
  })
})
