import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'

// The one way to start a PDF (order confirmations, tender protocols): A4, the portal as author, and DejaVu Sans
// embedded as 'body' and 'bold', since Cyrillic needs an embedded font; it ships in app/assets/fonts (its licence
// beside it), so every document looks the same on every machine.

function fontsFolder() {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // From the source tree (app/utils) or from the Remix build (build/index.js).
  for (const candidate of [path.join(here, '..', 'assets', 'fonts'), path.join(here, '..', 'app', 'assets', 'fonts'), path.join(process.cwd(), 'app', 'assets', 'fonts')])
    if (fs.existsSync(path.join(candidate, 'DejaVuSans.ttf'))) return candidate
  throw new Error('app/assets/fonts/DejaVuSans.ttf is missing')
}

let fonts: { regular: Buffer; bold: Buffer } | null = null
function loadFonts() {
  if (!fonts) {
    const dir = fontsFolder()
    fonts = { regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) }
  }
  return fonts
}

/** A new A4 document with the fonts registered, and the bytes once `doc.end()` is called. */
export function startPdf(title: string) {
  const { regular, bold } = loadFonts()
  const doc = new PDFDocument({ size: 'A4', margin: 40, info: { Title: title, Author: 'Partner portal' } })
  doc.registerFont('body', regular)
  doc.registerFont('bold', bold)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, done }
}
