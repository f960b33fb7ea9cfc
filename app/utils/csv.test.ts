import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from './csv'

describe('CSV export', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+7 999', "'+7 999"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [null, ''],
    [42, '42'],
  ])('%j → %j', (value, cell) => expect(csvCell(value)).toBe(cell))

  it('starts with a BOM so spreadsheets read UTF-8', () => {
    expect(toCsv(['Имя'], [['Пётр']])).toBe('\uFEFFИмя\r\nПётр\r\n')
  })
})
