// The canonical documents of the EDI module (anchors/edi.md §0.5, §4): one syntax-neutral model that EDIFACT
// (EANCOM D.96A / D.01B), X12 (4010/5010) and the JSON API all read into and write from. Pure types, no database.
// Amounts and quantities are decimal strings with a '.' (the serialisers apply the partner's decimal mark); dates
// are ISO `YYYY-MM-DD`. What the partner wrote is kept as written (its article numbers, its line numbers), so an
// answer echoes the partner's own codes.

export type Syntax = 'edifact' | 'x12' | 'json'

/** UNB S001 syntax identifiers we read and write; 'UTF-8' is UNOY's encoding named plainly (syntax 4 / JSON). */
export const edifactCharsets = ['UNOA', 'UNOB', 'UNOC', 'UNOE', 'UNOY'] as const
export type EdifactCharset = (typeof edifactCharsets)[number]
/** EANCOM 97 = D.96A (EAN00x association codes), EANCOM 2002 = D.01B (EAN010/011). */
export const edifactDirectories = ['D96A', 'D01B'] as const
export type EdifactDirectory = (typeof edifactDirectories)[number]
export const x12Versions = ['004010', '005010'] as const
export type X12Version = (typeof x12Versions)[number]

/** How we write EDIFACT for one partner (its profile). */
export interface EdifactSettings {
  directory: EdifactDirectory
  charset: EdifactCharset
  /** UNB S001 0002: 3, or 4 (syntax 4 has the repetition separator). */
  syntaxVersion: 3 | 4
  /** The six UNA characters: component, element, decimal mark, release, repetition (space = none), terminator. */
  una: string
  /** Always write a UNA segment (some partners require it even with the defaults). */
  writeUna: boolean
}

/** How we write X12 for one partner (its profile). */
export interface X12Settings {
  version: X12Version
  elementSeparator: string
  componentSeparator: string
  segmentTerminator: string
  /** ISA11 in 5010 (repetition separator); 4010 writes 'U' there. */
  repetitionSeparator: string
}

export interface PartyId {
  id: string
  /** EDIFACT 0007 (14 = GLN) or X12 ISA05/ISA07 qualifier ('ZZ', '01', '14' …). */
  qualifier?: string
}

export interface Party {
  /** GLN (EDIFACT NAD C082 with agency 9; X12 N1 with qualifier UL). */
  gln?: string
  /** Another identifier and its qualifier, as written (X12 N104 with N103 '92', say). */
  id?: string
  idQualifier?: string
  name?: string
}

// ---------------------------------------------------------------------------------------------------------------
// Inbound: what a partner sends us.

/** One order line as the partner wrote it. Which identifier resolves to our SKU is the profile's choice. */
export interface OrderLine {
  /** LIN 1082 / PO101 as written (X12 allows letters; we keep the text). */
  lineNo: string
  /** GTIN: LIN C212 with EN (EANCOM 97) or SRV (EANCOM 2002); PO1 qualifier UP/EN/UK. */
  gtin?: string
  /** The buyer's article number: PIA IN; X12 PO1 IN/CB. */
  buyerArticle?: string
  /** The buyer's part number: PIA BP; X12 PO1 BP. */
  buyerPart?: string
  /** Our article (the supplier's): PIA SA; X12 PO1 VN/VP. */
  supplierArticle?: string
  description?: string
  /** QTY 21 / PO102, decimal point normalised ("13.000"). Whole-number rules are the evaluator's. */
  qty: string
  /** QTY 6411 / PO103 (PCE, EA …). */
  unit?: string
  /** The buyer's expected net unit price: PRI AAA (or AAB) / PO104. */
  price?: string
  /** The line's requested delivery date (DTM 2 in the line group; X12 DTM*002 after PO1). */
  requestedDate?: string
  /** 1-based segment index of the LIN/PO1 inside its message, for error positions. */
  segmentIndex?: number
}

export type OrderFunction = 'original' | 'cancellation' | 'replace' | 'change'

/** ORDERS / 850 / the JSON order: one purchase order. */
export interface CanonicalOrder {
  kind: 'order'
  /** BGM 1004 / BEG03: the buyer's order number, unique per buyer (the business-duplicate key). */
  documentNumber: string
  function: OrderFunction
  /** DTM 137 / BEG05. */
  documentDate?: string
  /** DTM 2 (or 64 earliest) / DTM*002: for every line without its own date. */
  requestedDate?: string
  buyer?: Party
  supplier?: Party
  /** NAD DP / N1*ST: resolves to one of the account's ship-to addresses through the profile's GLN map. */
  deliveryParty?: Party
  invoicee?: Party
  /** CUX / CUR. */
  currency?: string
  /** RFF CT. */
  contractRef?: string
  /** RFF PD. */
  promotionRef?: string
  /** FTX (free text), joined. */
  note?: string
  lines: OrderLine[]
}

export type AckAction = 'accepted' | 'accepted_with_errors' | 'rejected' | 'received'

/** An inbound CONTRL or 997/TA1: which of our interchanges (and groups, messages) the partner acknowledged. */
export interface InboundSyntaxAck {
  kind: 'syntax_ack'
  /** Our interchange it answers: UCI 0020 / TA101 (or the 997's group AK102 when only the group is named). */
  interchangeRef?: string
  groupRef?: string
  action: AckAction
  /** UCM 0062 / AK202 with their actions. */
  messages: { ref: string; action: AckAction }[]
}

export type InboundDocument = CanonicalOrder | InboundSyntaxAck

// ---------------------------------------------------------------------------------------------------------------
// Outbound: what we send. Built from the portal's data by the pipeline; the serialisers only write them.

/** 1229 (EDIFACT) / ACK01 (X12): accepted 5/IA, changed 3/IC (IQ for a quantity only), not accepted 7/IR. */
export type LineAction = 'accepted' | 'changed' | 'rejected'
/** BGM 1225 29 accepted / 4 changed / 27 not accepted; BAK02 AC (with changes) / AD / RD. Derived from the lines. */
export type ResponseStatus = 'accepted' | 'changed' | 'rejected'

export interface Reason {
  /** Our code (a LineReason of the order-line evaluator, or an EDI code such as 'unmapped_item'). */
  code: string
  /** One sentence in the partner's language, for FTX / the JSON answer. */
  text: string
}

export interface ItemIds {
  gtin?: string
  buyerArticle?: string
  buyerPart?: string
  /** Our SKU (PIA SA / VN). */
  supplierArticle?: string
  description?: string
}

export interface OrderResponseLine extends ItemIds {
  /** The partner's line number, echoed. */
  lineNo: string
  action: LineAction
  orderedQty: string
  /** Confirmed quantity (QTY 21 in the ORDRSP, ACK02); '0' when rejected. */
  qty: string
  unit?: string
  /** Our net unit price (PRI AAA). */
  price?: string
  /** The date we deliver (DTM 2 / ACK05 with ACK04 = 068). */
  deliveryDate?: string
  /** Why the line is changed or not accepted. */
  reason?: Reason
}

export interface OrderResponse {
  kind: 'order_response'
  /** Our response number. */
  documentNumber: string
  documentDate: string
  status: ResponseStatus
  /** The buyer's order number (RFF ON / BAK03) and date. */
  orderNumber: string
  orderDate?: string
  /** Our order number, when one was booked. */
  ourOrderNumber?: string
  buyer?: Party
  supplier?: Party
  deliveryParty?: Party
  currency: string
  lines: OrderResponseLine[]
}

export interface DespatchLine extends ItemIds {
  lineNo: string
  /** The partner's order line it ships (RFF LI / PRF + LIN). */
  orderLineNo: string
  qty: string
  unit?: string
}

export interface DespatchAdvice {
  kind: 'despatch_advice'
  documentNumber: string
  documentDate: string
  despatchDate: string
  expectedDeliveryDate?: string
  orderNumber: string
  buyer?: Party
  supplier?: Party
  deliveryParty?: Party
  carrier?: string
  trackingNumber?: string
  /** One SSCC (18 digits with its check digit) for the shipment's package, when known. */
  sscc?: string
  lines: DespatchLine[]
}

export interface InvoiceLine extends ItemIds {
  lineNo: string
  qty: string
  unit?: string
  unitPrice: string
  net: string
  /** VAT rate in percent ("20", "10", "0"), from the dated tax class. */
  vatRate: string
  vat: string
}

export interface Invoice {
  kind: 'invoice'
  documentNumber: string
  documentDate: string
  orderNumber: string
  despatchNumber?: string
  buyer?: Party
  supplier?: Party
  invoicee?: Party
  deliveryParty?: Party
  currency: string
  lines: InvoiceLine[]
  /** MOA 79 lines, 125 taxable, 124 tax, 77 total; X12 TDS in cents. */
  totals: { net: string; vat: string; freight: string; gross: string }
  vatBreakdown: { rate: string; base: string; amount: string }[]
  paymentDueDate?: string
}

export interface PriceCatalogLine extends ItemIds {
  lineNo: string
  unit: string
  /** The account's contract net price (PRI AAA), for `minQty` units or more. */
  price: string
  vatRate: string
  minQty?: string
  packSize?: string
}

export interface PriceCatalog {
  kind: 'price_catalog'
  documentNumber: string
  documentDate: string
  validFrom: string
  buyer?: Party
  supplier?: Party
  currency: string
  lines: PriceCatalogLine[]
}

export interface InventoryLine extends ItemIds {
  lineNo: string
  /** QTY 145 actual stock; '0' lines are sent, never omitted. */
  qty: string
  unit?: string
  nextReceiptDate?: string
  nextReceiptQty?: string
}

export interface InventoryReport {
  kind: 'inventory_report'
  documentNumber: string
  documentDate: string
  buyer?: Party
  supplier?: Party
  lines: InventoryLine[]
}

/** APERAK: application errors in a message we received (unknown GTIN, blocked delivery point …). */
export interface ApplicationErrorReport {
  kind: 'application_error'
  documentNumber: string
  documentDate: string
  /** The partner's document (BGM 1004) and message reference (UNH 0062) it refers to. */
  referencedDocument: string
  referencedMessageRef?: string
  buyer?: Party
  supplier?: Party
  errors: (Reason & { lineNo?: string })[]
}

export type OutboundDocument = OrderResponse | DespatchAdvice | Invoice | PriceCatalog | InventoryReport | ApplicationErrorReport
export type OutboundKind = OutboundDocument['kind']

// ---------------------------------------------------------------------------------------------------------------
// Syntax: what the parsers report. Errors are a list, never an exception (anchors §3.3.2).

/**
 * The cross-syntax error code. Each maps to EDIFACT service code list 0085 and to the X12 997/TA1 codes; the JSON API
 * uses the same names in its problem+json (`code`).
 */
export type SyntaxCode =
  | 'unsupported_syntax' // 0085 2 · TA1 …
  | 'invalid_value' // 0085 12 · AK4 7 (invalid code value) / 8 (invalid date)
  | 'missing' // 0085 13 · AK3 3 / AK4 1 / TA1 023-024 (missing trailer)
  | 'too_many_constituents' // 0085 16 · AK4 3 (too long) / AK3 …
  | 'invalid_character' // 0085 21 · AK4 6
  | 'duplicate' // 0085 26 · TA1 025, AK5 …
  | 'reference_mismatch' // 0085 28 · TA1 001, AK5 3, AK9 4
  | 'count_mismatch' // 0085 29 · AK5 4, AK9 5, TA1 021
  | 'too_many_repetitions' // 0085 35
  | 'unknown_segment' // 0085 14? (segment not in the table) · AK3 2 (unexpected segment)
  | 'segment_order' // 0085 15 (not supported in this position) · AK3 2
  | 'truncated' // the bytes end inside a segment or before a trailer: 0085 13 at interchange level
  | 'unreadable' // not EDIFACT or X12 at all (binary, unknown separators without UNA)

export interface SyntaxIssue {
  level: 'file' | 'interchange' | 'group' | 'message'
  code: SyntaxCode
  severity: 'error' | 'warning'
  /** The segment at fault: its tag and its 1-based position (inside the message for message level; inside the interchange otherwise). */
  segment?: { tag: string; index: number }
  /** The data element (1-based) and component (1-based), as CONTRL UCD 0098 / 997 AK4 report them. */
  element?: { position: number; component?: number }
  /** Character offset of the segment in the decoded text, for highlighting. */
  offset?: number
  /** Technical English, one sentence. */
  message: string
}

export interface ParsedMessage {
  /** UNH 0062 / ST02. */
  ref: string
  /** UNH S009 0065 / ST01: ORDERS, CONTRL, 850, 997 … */
  type: string
  /** "D:96A:UN:EAN008" style for EDIFACT; GS08 for X12. */
  version: string
  /** UNT 0074 / SE01 as written, and the count we counted (UNH..UNT, ST..SE). */
  declaredSegments: number | null
  countedSegments: number
  /** Character range of UNH..UNT / ST..SE in the decoded text. */
  span: { start: number; end: number }
  issues: SyntaxIssue[]
  /** Filled when the message type is one we read and the message has no error (warnings allowed). */
  document: InboundDocument | null
}

export interface ParsedGroup {
  /** UNG 0048 / GS06. */
  ref: string
  /** UNG 0038 / GS01 (PO, FA …). */
  functionalId: string
  sender?: PartyId
  recipient?: PartyId
  /** GS08 for X12. */
  version?: string
  declaredCount: number | null
  messageRefs: string[]
  issues: SyntaxIssue[]
}

export interface ParsedInterchange {
  syntax: 'edifact' | 'x12'
  sender: PartyId
  recipient: PartyId
  /** UNB 0020 / ISA13: with sender and recipient, the interchange key. */
  controlRef: string
  /** UNB S004 / ISA09-10 as ISO date and HH:MM. */
  date?: string
  time?: string
  /** UNB 0035 = 1 / ISA15 = T. */
  test: boolean
  /** UNB 0031 = 1 / ISA14 = 1. */
  ackRequested: boolean
  /** EDIFACT UNB S001 (UNOC:3 …) / X12 ISA12 version. */
  syntaxId: string
  syntaxVersion: string
  /** The separators in force (UNA or defaults; ISA positions). */
  separators: { component: string; element: string; decimal: string; release: string; repetition: string; terminator: string }
  span: { start: number; end: number }
  /** UNZ 0036 / IEA01 as written, and what we counted (messages, or groups when UNG is used). */
  declaredCount: number | null
  issues: SyntaxIssue[]
  groups: ParsedGroup[]
  messages: ParsedMessage[]
}

export interface ParseResult {
  syntax: 'edifact' | 'x12' | 'unknown'
  /** The charset the bytes were decoded with (UNOE → ISO 8859-5 …). */
  charset: string
  /** The decoded text (BOM removed): what offsets point into and what the monitor shows. */
  text: string
  /** File-level problems: unreadable bytes, truncation before any interchange, a charset mislabel (warning). */
  issues: SyntaxIssue[]
  /** One file may carry several interchanges (anchors: two UNB…UNZ in one file). */
  interchanges: ParsedInterchange[]
}

/** Tolerant: the corpus's QUIRK cases pass with a recorded warning; strict: they are errors. */
export interface ParseOptions {
  tolerant: boolean
}
