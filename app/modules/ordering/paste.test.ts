import { describe, expect, it } from 'vitest'
import { parsePaste } from './paste'

describe('parsePaste', () => {
  it.each([
    [
      'tab from Excel',
      'CAB-0101\t100\nLAM-0203\t20',
      [
        ['CAB-0101', '100'],
        ['LAM-0203', '20'],
      ],
    ],
    [
      'semicolons',
      'CAB-0101;100\r\nLAM-0203;20',
      [
        ['CAB-0101', '100'],
        ['LAM-0203', '20'],
      ],
    ],
    ['commas', 'CAB-0101,100', [['CAB-0101', '100']]],
    ['a Russian decimal comma after a comma separator', 'CAB-0101,2,5', [['CAB-0101', '2,5']]],
    ['quoted cells', '"CAB-0101";"100"', [['CAB-0101', '100']]],
    ['a reference alone means one', 'CAB-0101', [['CAB-0101', '1']]],
    ['a header row is skipped', 'Артикул;Количество\nCAB-0101;5', [['CAB-0101', '5']]],
    ['blank lines are ignored', '\n\nCAB-0101\t5\n\n', [['CAB-0101', '5']]],
  ])('reads %s', (_name, text, expected) => {
    expect(parsePaste(text).lines.map((l) => [l.ref, l.qtyRaw])).toEqual(expected)
  })

  it('sums duplicates, case-insensitively, and keeps their line numbers', () => {
    const r = parsePaste('CAB-0101\t100\nlam-0203\t5\ncab-0101\t50\nLAM-0203\t5')
    expect(r.lines).toEqual([
      { lineNos: [1, 3], ref: 'CAB-0101', qtyRaw: '150' },
      { lineNos: [2, 4], ref: 'lam-0203', qtyRaw: '10' },
    ])
  })

  it('keeps a non-numeric quantity for the validator to name', () => {
    expect(parsePaste('CAB-0101\tmany').lines[0].qtyRaw).toBe('many')
  })

  it('sums only the valid duplicates: a bad quantity stays alone, as typed', () => {
    expect(parsePaste('CAB-0101\t3\nCAB-0101\tдесять\ncab-0101\t2').lines).toEqual([
      { lineNos: [1, 3], ref: 'CAB-0101', qtyRaw: '5' },
      { lineNos: [2], ref: 'CAB-0101', qtyRaw: 'десять' },
    ])
    // Fractions, zero and negatives are not added either: each is refused on its own line.
    expect(parsePaste('A\t2,5\nA\t0\nA\t-1\nA\t4\nA\t1 000').lines.map((l) => [l.lineNos, l.qtyRaw])).toEqual([
      [[1], '2,5'],
      [[2], '0'],
      [[3], '-1'],
      [[4, 5], '1004'],
    ])
  })

  it('reports lines it cannot read', () => {
    expect(parsePaste(';;;\nCAB-0101;1').unreadable).toEqual([{ lineNo: 1, raw: ';;;' }])
  })
})
