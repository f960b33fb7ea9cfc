import { describe, expect, it } from 'vitest'
import { sniffImage } from './consents.server'
import { monthBounds } from './honour.server'

// The honour photo's type is told by its bytes, whatever the file is called or claims to be.

describe('sniffImage', () => {
  const bytes = (...b: number[]) => new Uint8Array(b)
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['WebP', new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['a PDF', new Uint8Array(Buffer.from('%PDF-1.7')), null],
    ['a RIFF that is not WebP (WAV)', new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WAVE')]), null],
    ['an SVG', new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null],
    ['nothing', bytes(), null],
  ])('%s', (_name, input, expected) => {
    expect(sniffImage(input)).toBe(expected)
  })
})

describe('monthBounds', () => {
  it.each([
    ['2026-11', '2026-11-01', '2026-11-30'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('%s', (month, from, to) => {
    expect(monthBounds(month)).toEqual({ from, to })
  })
})
