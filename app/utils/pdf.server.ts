import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import PDFDocument from 'pdfkit'

// The one way to make a PDF (order confirmations, tender protocols): A4, the portal as author, and DejaVu Sans
// embedded as 'body' and 'bold', since Cyrillic needs an embedded font; it ships in app/assets/fonts (its licence
// beside it), so every document looks the same on every machine. Documents a buyer files need more than text:
// the parties' legal details at the top, "Page 1 of 2" on every page, and tables whose headers never break inside
// a word and whose dates stay on one line, so the helpers below measure with the font rather than trust widths.

function fontsFolder() {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // From the source tree (app/utils) or from the Remix build (build/index.js).
  for (const candidate of [
    path.join(here, '..', 'assets', 'fonts'),
    path.join(here, '..', 'app', 'assets', 'fonts'),
    path.join(process.cwd(), 'app', 'assets', 'fonts'),
  ])
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

type Doc = PDFKit.PDFDocument

/**
 * A new A4 document with the fonts registered; `finish(pageLabel)` numbers the pages and ends it, and `done`
 * gives the bytes. Pages are buffered so the footer can say how many there are.
 */
export function startPdf(title: string) {
  const { regular, bold } = loadFonts()
  const doc = new PDFDocument({ size: 'A4', margin: 40, bufferPages: true, info: { Title: title, Author: 'Partner portal' } })
  doc.registerFont('body', regular)
  doc.registerFont('bold', bold)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const finish = (pageLabel: (page: number, pages: number) => string) => {
    const { start, count } = doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      doc.switchToPage(i)
      // The footer sits in the bottom margin: with the margin in force, pdfkit would start a new page for it.
      const bottom = doc.page.margins.bottom
      doc.page.margins.bottom = 0
      doc
        .font('body')
        .fontSize(7)
        .fillColor('#555555')
        .text(pageLabel(i - start + 1, count), doc.page.margins.left, doc.page.height - bottom + 12, {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'right',
          lineBreak: false,
        })
        .fillColor('black')
      doc.page.margins.bottom = bottom
    }
    doc.end()
  }
  return { doc, done, finish }
}

export interface Party {
  /** "Поставщик", "Покупатель". */
  role: string
  name: string
  /** Tax ids and address, one line each, already labelled ("ИНН 7701000019, КПП 770101001"). */
  details: string[]
}

/** The parties side by side (two per row), each with its role, legal name and details. */
export function drawParties(doc: Doc, parties: Party[]) {
  const left = doc.page.margins.left
  const gap = 16
  const width = (doc.page.width - left - doc.page.margins.right - gap) / 2
  for (let i = 0; i < parties.length; i += 2) {
    const pair = parties.slice(i, i + 2)
    const top = doc.y
    let bottom = top
    pair.forEach((p, k) => {
      const x = left + k * (width + gap)
      doc.font('bold').fontSize(8).fillColor('#555555').text(p.role, x, top, { width }).fillColor('black')
      doc.font('bold').fontSize(9).text(p.name, x, doc.y, { width })
      doc.font('body').fontSize(8)
      for (const d of p.details) doc.text(d, x, doc.y, { width })
      bottom = Math.max(bottom, doc.y)
    })
    doc.x = left
    doc.y = bottom + 6
  }
}

export interface Column {
  title: string
  width: number
  align?: 'right'
  /** Keep each line of a cell on one line (dates, times, amounts): the text shrinks to fit rather than wraps. */
  nowrap?: boolean
  /** Text without spaces that may break anywhere (a hash). */
  breakAnywhere?: boolean
}

const PAD = 5
const MIN_SIZE = 5

/** Lines of `text` that fit `width`, broken at spaces and newlines only (a word is never split). */
function linesAtSpaces(doc: Doc, text: string, width: number) {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    const start = lines.length
    for (const word of paragraph.split(/[ \t]+/).filter(Boolean)) {
      const last = lines.length > start ? lines[lines.length - 1] : null
      if (last !== null && doc.widthOfString(`${last} ${word}`) <= width) lines[lines.length - 1] = `${last} ${word}`
      else lines.push(word)
    }
    if (lines.length === start) lines.push('')
  }
  return lines
}

/** One line at (x, y) that never wraps (pdfkit wraps whenever it is given a width), right-aligned within `width` if asked. */
function oneLine(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right') {
  const shift = align === 'right' ? Math.max(0, width - doc.widthOfString(text)) : 0
  doc.text(text, x + shift, y, { lineBreak: false })
}

/** The largest size up to `size` at which every one of `pieces` fits `width`. */
function sizeToFit(doc: Doc, pieces: string[], width: number, size: number) {
  for (let s = size; s > MIN_SIZE; s -= 0.25) {
    doc.fontSize(s)
    if (pieces.every((p) => doc.widthOfString(p) <= width)) return s
  }
  return MIN_SIZE
}

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean)

/** How a cell is laid out: its size and its lines (null: pdfkit wraps it, anywhere). */
function layout(doc: Doc, c: Column, text: string, size: number) {
  const width = c.width - PAD
  if (c.breakAnywhere) return { size, lines: null }
  const fitted = sizeToFit(doc, c.nowrap ? text.split('\n') : wordsOf(text), width, size)
  doc.fontSize(fitted)
  return { size: fitted, lines: c.nowrap ? text.split('\n') : linesAtSpaces(doc, text, width) }
}

/**
 * A fixed-column table that starts a new page (with its header again) when the page is full. Headers and cells
 * wrap at spaces only, in a size at which their longest word fits (one size for the whole header row);
 * `nowrap` cells keep each line whole.
 */
export function drawTable(doc: Doc, columns: Column[], rows: string[][], options: { fontSize?: number } = {}) {
  const size = options.fontSize ?? 8
  const left = doc.page.margins.left
  doc.font('bold')
  const titleSize = Math.min(...columns.map((c) => sizeToFit(doc, wordsOf(c.title), c.width - PAD, size)))

  const titleLayout = (text: string, c: Column, s: number) => {
    doc.fontSize(s)
    return { size: s, lines: linesAtSpaces(doc, text, c.width - PAD) }
  }
  const rule = (y: number, right: number) => {
    doc.x = left
    doc.y = y
    doc
      .moveTo(left, y - 1)
      .lineTo(right, y - 1)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke()
  }
  const draw = (cells: string[], font: 'body' | 'bold', fixedSize?: number) => {
    doc.font(font)
    const laid = cells.map((text, i) => (fixedSize ? titleLayout(text, columns[i], fixedSize) : layout(doc, columns[i], text, size)))
    const heights = laid.map((l, i) => {
      doc.fontSize(l.size)
      return l.lines ? l.lines.length * doc.currentLineHeight(true) : doc.heightOfString(cells[i], { width: columns[i].width - PAD })
    })
    const height = Math.max(...heights) + 4
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage()
      if (font === 'body')
        draw(
          columns.map((c) => c.title),
          'bold',
          titleSize,
        )
      doc.font(font)
    }
    const y = doc.y
    let x = left
    cells.forEach((text, i) => {
      const c = columns[i]
      const { size: s, lines } = laid[i]
      doc.fontSize(s)
      const lineHeight = doc.currentLineHeight(true)
      if (lines) lines.forEach((line, k) => oneLine(doc, line, x, y + k * lineHeight, c.width - PAD, c.align ?? 'left'))
      else doc.text(text, x, y, { width: c.width - PAD, align: c.align ?? 'left' })
      x += c.width
    })
    rule(y + height, x)
  }
  draw(
    columns.map((c) => c.title),
    'bold',
    titleSize,
  )
  for (const r of rows) draw(r, 'body')
  doc.moveDown(0.5)
}

/** A party from its legal details: tax ids (INN/KPP, or a VAT id abroad) and the registered address. */
export function partyOf(
  t: (key: 'pdf.inn' | 'pdf.kpp' | 'pdf.vatId' | 'pdf.address' | 'pdf.notGiven') => string,
  role: string,
  o: { legalName: string; inn: string | null; kpp: string | null; vatId: string | null; legalAddress: string | null },
): Party {
  const ids = [o.inn ? `${t('pdf.inn')} ${o.inn}` : null, o.kpp ? `${t('pdf.kpp')} ${o.kpp}` : null, o.vatId ? `${t('pdf.vatId')} ${o.vatId}` : null]
    .filter(Boolean)
    .join(', ')
  return { role, name: o.legalName, details: [ids, `${t('pdf.address')}: ${o.legalAddress ?? t('pdf.notGiven')}`].filter(Boolean) }
}
