import { Transform } from 'node:stream'

/**
 * React 18.3's stream writer (writeStringChunk) flushes its whole 2 KiB buffer when a text does not fit in what is
 * left of it, the unused zero bytes at its end included (React 19 flushes only the filled part), so a page showed
 * "Автомат А\0ВДТ" wherever a Cyrillic word met a buffer edge. A 0x00 byte is never part of a UTF-8 sequence
 * and never legitimate in HTML, so dropping every one restores the document exactly.
 */
export function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk)
      const out = Buffer.allocUnsafe(chunk.length)
      let n = 0
      for (const byte of chunk) if (byte !== 0) out[n++] = byte
      callback(null, out.subarray(0, n))
    },
  })
}
