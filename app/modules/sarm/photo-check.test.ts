import { describe, expect, it } from 'vitest'
import { checkPhoto, MAX_PHOTO_BYTES, sniffImage } from './photo-check'

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)))

describe('sniffImage: the type by the bytes, never by the name', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1]), 'image/jpeg'],
    ['PNG', bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]), 'image/png'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'image/webp'],
    ['HEIC (iPhone)', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]), 'image/heic'],
    ['HEIF (mif1)', bytes([0, 0, 0, 0x18], 'ftypmif1'), 'image/heic'],
    ['PDF', bytes('%PDF-1.7\n'), null],
    ['MP4 (ftyp, not a HEIF brand)', bytes([0, 0, 0, 0x18], 'ftypisom'), null],
    ['RIFF WAVE', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '), null],
    ['GIF', bytes('GIF89a'), null],
    ['two bytes', bytes([0xff, 0xd8]), null],
  ])('%s', (_name, b, mime) => expect(sniffImage(b)).toBe(mime))
})

describe('checkPhoto', () => {
  it('refuses an empty file, one over 5 MB, and anything not an image', () => {
    expect(checkPhoto(new Uint8Array(0))).toEqual({ ok: false, error: 'sarm.photo.empty' })
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1)
    big.set([0xff, 0xd8, 0xff])
    expect(checkPhoto(big)).toEqual({ ok: false, error: 'sarm.photo.tooLarge' })
    expect(checkPhoto(bytes('%PDF-1.4'))).toEqual({ ok: false, error: 'sarm.photo.notImage' })
  })
  it('takes an image of exactly 5 MB', () => {
    const b = new Uint8Array(MAX_PHOTO_BYTES)
    b.set([0xff, 0xd8, 0xff])
    expect(checkPhoto(b)).toEqual({ ok: true, mime: 'image/jpeg' })
  })
})
