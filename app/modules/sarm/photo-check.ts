// Receipt photos (issue 14): the type is read from the bytes, never from the name or the browser's claim, so a PDF
// renamed .jpg is refused; and the size is bounded before anything is stored.

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic'
export type PhotoCheck = { ok: true; mime: PhotoMime } | { ok: false; error: 'sarm.photo.tooLarge' | 'sarm.photo.notImage' | 'sarm.photo.empty' }

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
/** ISO BMFF brands of HEIF images (ISO/IEC 23008-12 §B.4): what iPhones and most Android cameras write. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'])

/** The image type by its signature (JPEG SOI, PNG's eight bytes, RIFF…WEBP, an ISO BMFF `ftyp` with a HEIF brand). */
export function sniffImage(b: Uint8Array): PhotoMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp'
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(b, 8, 12))) return 'image/heic'
  return null
}

/** Whether bytes may be stored as a receipt photo: not empty, at most 5 MB, and an image by their signature. */
export function checkPhoto(bytes: Uint8Array): PhotoCheck {
  if (bytes.length === 0) return { ok: false, error: 'sarm.photo.empty' }
  if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, error: 'sarm.photo.tooLarge' }
  const mime = sniffImage(bytes)
  return mime ? { ok: true, mime } : { ok: false, error: 'sarm.photo.notImage' }
}
