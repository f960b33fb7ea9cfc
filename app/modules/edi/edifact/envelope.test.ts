import { describe, expect, it } from 'vitest'
import type { SyntaxIssue } from '../document'
import { parseEdifact } from './index'

const parse = (text: string, tolerant = false) => parseEdifact(new TextEncoder().encode(text), { tolerant })
const codes = (issues: SyntaxIssue[]) =>
  issues.map((i) => `${i.code}@${i.segment?.tag ?? '-'}${i.segment ? `#${i.segment.index}` : ''}${i.element ? `.${i.element.position}` : ''}`)

const order = (ref: string, extra = '') =>
  `UNH+${ref}+ORDERS:D:96A:UN:EAN008'BGM+220+PO${ref}+9'DTM+137:20250322:102'NAD+BY+4601234000017::9'LIN+1++4601234567893:EN'QTY+21:5'${extra}UNS+S'UNT+${extra ? 9 : 8}+${ref}'`
const unb = (ref: string) => `UNB+UNOC:3+4601234000017:14+4607000000007:14+250322:1200+${ref}'`

describe('envelope', () => {
  it('accepts a clean interchange and counts UNH..UNT', () => {
    const r = parse(`${unb('RC1')}${order('1')}${order('2')}UNZ+2+RC1'`)
    const ic = r.interchanges[0]
    expect(ic.issues).toEqual([])
    expect(ic.declaredCount).toBe(2)
    expect(ic.messages.map((m) => [m.ref, m.declaredSegments, m.countedSegments, m.document?.kind])).toEqual([
      ['1', 8, 8, 'order'],
      ['2', 8, 8, 'order'],
    ])
    expect(ic).toMatchObject({ controlRef: 'RC1', sender: { id: '4601234000017', qualifier: '14' }, date: '2025-03-22', time: '12:00', test: false })
  })

  it('UNT count and reference mismatches are message errors 29 and 28', () => {
    const text = `${unb('RC1')}${order('1').replace('UNT+8+1', 'UNT+9+X')}UNZ+1+RC1'`
    const m = parse(text).interchanges[0].messages[0]
    expect(codes(m.issues)).toEqual(['count_mismatch@UNT#8.1', 'reference_mismatch@UNT#8.2'])
    expect(m.document).toBeNull()
  })

  it('UNZ count and reference mismatches are interchange errors and book nothing', () => {
    const ic = parse(`${unb('RC1')}${order('1')}UNZ+3+RC9'`).interchanges[0]
    expect(codes(ic.issues)).toEqual(['count_mismatch@UNZ#10.1', 'reference_mismatch@UNZ#10.2'])
    expect(ic.messages[0].document).toBeNull()
  })

  it('a missing UNT is 13 on the message', () => {
    const text = `${unb('RC1')}${order('1').replace("UNT+8+1'", '')}${order('2')}UNZ+2+RC1'`
    const ic = parse(text).interchanges[0]
    expect(ic.messages[0].issues[0]).toMatchObject({ code: 'missing', severity: 'error' })
    expect(ic.messages[1].document?.kind).toBe('order')
  })

  it('a missing UNZ rejects when strict and warns when tolerant', () => {
    const text = `${unb('RC1')}${order('1')}`
    expect(parse(text).interchanges[0].issues).toEqual([expect.objectContaining({ code: 'missing', severity: 'error' })])
    expect(parse(text).interchanges[0].messages[0].document).toBeNull()
    const tolerant = parse(text, true).interchanges[0]
    expect(tolerant.issues[0].severity).toBe('warning')
    expect(tolerant.messages[0].document?.kind).toBe('order')
  })

  it('a file cut mid-segment is truncated and books nothing, not even complete messages', () => {
    const r = parse(`${unb('RC1')}${order('1')}UNH+2+ORDERS:D:96A:UN:EAN008'BGM+220+PO2+9'QTY+21:2.0`, true)
    const ic = r.interchanges[0]
    expect(ic.issues.map((i) => i.code)).toEqual(['truncated'])
    expect(ic.messages.map((m) => m.document)).toEqual([null, null])
  })

  it('reads two interchanges in one file', () => {
    const r = parse(`${unb('A1')}${order('1')}UNZ+1+A1'\r\n${unb('A2')}${order('1')}UNZ+1+A2'`)
    expect(r.interchanges.map((i) => [i.controlRef, i.messages.length, i.issues.length])).toEqual([
      ['A1', 1, 0],
      ['A2', 1, 0],
    ])
  })

  it('UNG/UNE: UNZ counts groups, UNE counts messages and must carry the UNG reference', () => {
    const good = parse(`${unb('G1')}UNG+ORDERS+S:14+R:14+250322:1200+7+UN+D:96A'${order('1')}${order('2')}UNE+2+7'UNZ+1+G1'`).interchanges[0]
    expect(good.issues).toEqual([])
    expect(good.groups[0]).toMatchObject({ ref: '7', functionalId: 'ORDERS', declaredCount: 2, messageRefs: ['1', '2'], issues: [] })
    const bad = parse(`${unb('G1')}UNG+ORDERS+S:14+R:14+250322:1200+7+UN+D:96A'${order('1')}UNE+2+8'UNZ+2+G1'`).interchanges[0]
    expect(codes(bad.groups[0].issues)).toEqual(['count_mismatch@UNE#11.1', 'reference_mismatch@UNE#11.2'])
    expect(codes(bad.issues)).toEqual(['count_mismatch@UNZ#12.1'])
  })

  it('random bytes: unreadable, quickly, without throwing', () => {
    const bytes = new Uint8Array(20 * 1024 * 1024)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24
    const t0 = performance.now()
    const r = parseEdifact(bytes, { tolerant: true })
    expect(performance.now() - t0).toBeLessThan(200)
    expect(r.syntax).toBe('unknown')
    expect(r.issues[0].code).toBe('unreadable')
  })

  it('a UNB-looking file with garbage after it never throws', () => {
    const bytes = new Uint8Array(200_000)
    bytes.set(new TextEncoder().encode('UNB+UNOC:3+'))
    for (let i = 11; i < bytes.length; i++) bytes[i] = (i * 7919) % 256
    const r = parseEdifact(bytes, { tolerant: false })
    expect(r.syntax).toBe('edifact')
    expect(r.interchanges[0].issues.some((i) => i.severity === 'error')).toBe(true)
  })
})
