import { describe, expect, it } from 'vitest'
import { csvCell, decimal, parseCsv, toCsv } from './csv'

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

  it('writes what a Russian Excel opens as columns: semicolons and a decimal comma; English keeps commas and points', () => {
    expect(toCsv(['sku', 'price', 'qty'], [['A-1', decimal(1234.5), 3]], 'ru')).toBe('\uFEFFsku;price;qty\r\nA-1;1234,50;3\r\n')
    expect(toCsv(['sku', 'price', 'qty'], [['A-1', decimal(1234.5), 3]], 'en')).toBe('\uFEFFsku,price,qty\r\nA-1,1234.50,3\r\n')
    expect(parseCsv(toCsv(['a', 'b'], [['x;y', decimal(0.5)]], 'ru').slice(1))).toEqual([
      ['a', 'b'],
      ['x;y', '0,50'],
    ])
  })

  it('starts with a BOM so spreadsheets read UTF-8', () => {
    expect(toCsv(['Имя'], [['Пётр']], 'ru')).toBe('\uFEFFИмя\r\nПётр\r\n')
  })
})

describe('parseCsv', () => {
  it('reads semicolons, quotes, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('sku;name\r\nA-1;"Кабель ""ВВГ""; 3×2,5"\nB-2;"две\nстроки"\n')).toEqual([
      ['sku', 'name'],
      ['A-1', 'Кабель "ВВГ"; 3×2,5'],
      ['B-2', 'две\nстроки'],
    ])
  })

  it('guesses comma and tab separators from the header line', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  it('reads back what toCsv writes', () => {
    const rows = [['=1+1', 'x,y', 'he said "hi"']]
    const text = toCsv(['a', 'b', 'c'], rows, 'en').replace(/^\uFEFF/, '')
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      [csvCell('=1+1'), 'x,y', 'he said "hi"'],
    ])
  })

  it('stops at the row limit', () => {
    expect(parseCsv('a\n'.repeat(11), 10)).toEqual({ error: 'too_many_rows', line: 11 })
  })

  it('refuses a value beyond the column limit, naming its record, and drops empty cells beyond it', () => {
    expect(parseCsv('a;b;c\n"x\ny";2;3;4', Infinity, 3)).toEqual({ error: 'too_many_columns', line: 2 })
    expect(parseCsv(`a;b;c${';'.repeat(1_000_000)}\n1;2;3;;;`, Infinity, 3)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
  })
})
