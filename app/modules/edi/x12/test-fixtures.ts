// Small hand-written X12 fixtures for the unit tests (never copied from the corpus).

/** An ISA of exactly 106 characters with the given delimiters; fields padded to their fixed widths. */
export function isa(
  opts: { element?: string; component?: string; terminator?: string; control?: string; version?: string; isa11?: string; test?: boolean } = {},
) {
  const e = opts.element ?? '*'
  const fields = [
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    'ZZ',
    'BUYERCO'.padEnd(15),
    'ZZ',
    'SUPPLIERCO'.padEnd(15),
    '240115',
    '0930',
    opts.isa11 ?? 'U',
    opts.version ?? '00401',
    opts.control ?? '000000101',
    '0',
    opts.test ? 'T' : 'P',
    opts.component ?? '>',
  ]
  return ['ISA', ...fields].join(e) + (opts.terminator ?? '~')
}

/** Joins segments written with '*' and '~' into one interchange text. */
export function x12(segments: string[], opts: Parameters<typeof isa>[0] = {}): string {
  const e = opts.element ?? '*'
  const t = opts.terminator ?? '~'
  return isa(opts) + segments.map((s) => s.replace(/\*/g, e) + t).join('')
}

export const bytes = (text: string) => new TextEncoder().encode(text)

/** A valid 850 set body (ST..SE) with `lines` PO1 lines. */
export function order850(ref = '0001', lines = 2, po = 'PO-77'): string[] {
  const body = [
    `BEG*00*SA*${po}**20240115`,
    'CUR*BY*EUR',
    'REF*CT*K-2024-7',
    'DTM*002*20240201',
    'N1*BY*ACME STORES*UL*4012345000009',
    'N1*ST*ACME DC NORTH*UL*4012345000016',
    'N1*BT*ACME FINANCE*92*BT-1',
  ]
  for (let i = 1; i <= lines; i++) {
    body.push(`PO1*${i}*${i * 10}*EA*1.5**EN*400638133393${i % 10}*IN*A-${i}*VN*SKU-${i}`, `PID*F****Item ${i}`)
  }
  body.push(`CTT*${lines}`)
  return [`ST*850*${ref}`, ...body, `SE*${body.length + 2}*${ref}`]
}

export function group(functionalId: string, ref: string, sets: string[][]): string[] {
  return [`GS*${functionalId}*BUYERCO*SUPPLIERCO*20240115*0930*${ref}*X*004010`, ...sets.flat(), `GE*${sets.length}*${ref}`]
}
