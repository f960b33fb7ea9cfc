import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { withoutNulBytes } from './html-stream.server'

async function render(rows: number, pad: number, through: (out: PassThrough) => NodeJS.WritableStream) {
  const list = Array.from({ length: rows }, (_, i) => createElement('p', { key: i }, 'x'.repeat(pad), 'Автомат ВДТ', ' шт.'))
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const ended = new Promise((resolve) => out.on('end', resolve))
  const { pipe } = renderToPipeableStream(createElement('div', null, list), { onAllReady: () => pipe(through(out)) })
  await ended
  return Buffer.concat(chunks)
}

describe('the HTML stream', () => {
  it('carries no NUL byte where Cyrillic text meets React 18’s 2 KiB buffer edge, and every letter survives', async () => {
    for (let pad = 0; pad < 12; pad++) {
      const html = (
        await render(300, pad, (out) => {
          const filter = withoutNulBytes()
          filter.pipe(out)
          return filter
        })
      ).toString('utf8')
      expect(html.includes('\0')).toBe(false)
      expect(html.split('Автомат ВДТ').length - 1).toBe(300)
      expect(html).not.toContain('\uFFFD')
    }
  })

  it('is needed: without it React 18.3 leaves NUL bytes in such a page', async () => {
    let withNul = 0
    for (let pad = 0; pad < 12; pad++) if ((await render(300, pad, (out) => out)).includes(0)) withNul++
    expect(withNul).toBeGreaterThan(0)
  })
})
