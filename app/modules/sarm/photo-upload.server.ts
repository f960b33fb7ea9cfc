import { checkPhoto, MAX_PHOTO_BYTES, type PhotoCheck, type PhotoMime } from './photo-check'

// The receipt photo of a submitted form: none chosen is fine; otherwise its size is checked before it is read and
// its bytes before it is kept, so a refused upload is never stored.

export type PhotoUpload = { ok: true; photo: { mime: PhotoMime; bytes: Buffer } | null } | Extract<PhotoCheck, { ok: false }>

export async function readPhoto(value: FormDataEntryValue | null): Promise<PhotoUpload> {
  // A file input left empty still sends a part: no name, no bytes.
  if (!(value instanceof File) || (value.size === 0 && !value.name)) return { ok: true, photo: null }
  if (value.size > MAX_PHOTO_BYTES) return { ok: false, error: 'sarm.photo.tooLarge' }
  const bytes = new Uint8Array(await value.arrayBuffer())
  const check = checkPhoto(bytes)
  return check.ok ? { ok: true, photo: { mime: check.mime, bytes: Buffer.from(bytes) } } : check
}
