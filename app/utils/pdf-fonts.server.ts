import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Cyrillic in PDFs needs an embedded font: DejaVu Sans ships in app/assets/fonts (its licence beside it), so every
// document (order confirmations, tender protocols) looks the same on every machine.

function fontsFolder() {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // From the source tree (app/utils) or from the Remix build (build/index.js).
  for (const candidate of [path.join(here, '..', 'assets', 'fonts'), path.join(here, '..', 'app', 'assets', 'fonts'), path.join(process.cwd(), 'app', 'assets', 'fonts')])
    if (fs.existsSync(path.join(candidate, 'DejaVuSans.ttf'))) return candidate
  throw new Error('app/assets/fonts/DejaVuSans.ttf is missing')
}

let fonts: { regular: Buffer; bold: Buffer } | null = null
export function loadFonts() {
  if (!fonts) {
    const dir = fontsFolder()
    fonts = { regular: fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')), bold: fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')) }
  }
  return fonts
}
