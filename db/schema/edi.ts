import { sql } from 'drizzle-orm'
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { apiKeys, users } from './auth'
import { shipToLocations } from './delivery'
import { orders } from './orders'
import { products } from './catalog'
import { organisations } from './tenancy'

// EDI for key accounts (DESIGN.md §6, anchors/edi.md): partner profiles, the raw archive of everything received
// and sent, the documents inside it with their canonical form, a timeline per document, the mapping queue, the
// webhook deliveries. Every row belongs to one key-account organisation (row-level security as for orders).

/** Raw bytes, the same on both drivers (postgres.js gives a Buffer, PGlite a Uint8Array). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
})

/** The trading-partner profile of one key account, kept by operator staff (anchors §2 F6). */
export const ediPartners = pgTable('edi_partners', {
  orgId: uuid()
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  /** test: everything is processed and answered, nothing is booked as a production order. */
  mode: text().$type<'test' | 'production'>().notNull().default('test'),
  /** The syntax we answer in (and send documents in): what the partner's ERP reads. */
  syntax: text().$type<'edifact' | 'x12' | 'json'>().notNull().default('edifact'),
  partnerGln: text(),
  ourGln: text(),
  /** UNB S002/S003 qualifier (14 = GLN). */
  edifactQualifier: text().notNull().default('14'),
  isaQualifier: text(),
  isaId: text(),
  ourIsaQualifier: text(),
  ourIsaId: text(),
  edifactDirectory: text().$type<'D96A' | 'D01B'>().notNull().default('D96A'),
  edifactCharset: text().$type<'UNOA' | 'UNOB' | 'UNOC' | 'UNOE' | 'UNOY'>().notNull().default('UNOC'),
  edifactSyntaxVersion: integer().notNull().default(3),
  /** The six UNA characters we write. */
  una: text().notNull().default(":+.? '"),
  x12Version: text().$type<'004010' | '005010'>().notNull().default('004010'),
  /** Messages exchanged: ORDERS in; ORDRSP, DESADV, INVOIC, PRICAT, INVRPT, APERAK out. */
  messages: text()
    .array()
    .notNull()
    .default(sql`array['ORDERS','ORDRSP','DESADV','INVOIC','PRICAT','INVRPT','APERAK']::text[]`),
  /** Syntax acknowledgements we send: CONTRL (EDIFACT), 997 and TA1 (X12). */
  sendContrl: boolean().notNull().default(true),
  send997: boolean().notNull().default(true),
  sendTa1: boolean().notNull().default(false),
  /** ORDRSP / 855 sent at receipt from the live rules, or only after the desk's review (its confirmation). */
  orderResponse: text().$type<'automatic' | 'review'>().notNull().default('automatic'),
  /** We expect the partner's CONTRL/997 for our interchanges within this many hours (0: none expected). */
  ackExpectedHours: integer().notNull().default(24),
  /** An interchange reference is a duplicate within this many days (Azure agreements' window). */
  duplicateWindowDays: integer().notNull().default(90),
  /** tolerant: the corpus's QUIRK cases pass with a recorded warning; strict: they are rejected. */
  tolerant: boolean().notNull().default(false),
  /** How lines name items, in the order tried: gtin, buyer_article (PIA IN/BP, X12 IN/BP), sku (PIA SA, X12 VN). */
  itemIds: text()
    .array()
    .notNull()
    .default(sql`array['gtin','buyer_article','sku']::text[]`),
  /** A line whose item does not map: rejected (1229 = 7 / IR), or the whole document held for the desk. */
  unknownItem: text().$type<'reject' | 'hold'>().notNull().default('reject'),
  /** Webhooks: where new outbound documents are announced, signed with HMAC (see outbound). */
  webhookUrl: text(),
  /** Which derived signing secret is current (the secret itself is derived, never stored). */
  webhookSecretVersion: integer().notNull().default(0),
  /** Gap-free control numbers per partner: the last one issued (incremented inside the sending transaction). */
  lastControlNumber: integer().notNull().default(0),
  lastDocumentNumber: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
})

/** NAD+DP / N1*ST GLN → one of the account's ship-to addresses. */
export const ediShipToGlns = pgTable(
  'edi_ship_to_glns',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    gln: text().notNull(),
    shipToId: uuid()
      .notNull()
      .references(() => shipToLocations.id, { onDelete: 'cascade' }),
    /** A blocked delivery point: its orders are answered with an APERAK, not booked. */
    blocked: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.gln] })],
)

/**
 * Everything received or sent, raw, exactly once: an HTTP body in (EDIFACT, X12 or JSON), a file we sent. The
 * stored `response` is what a byte-identical resend (or a repeated Idempotency-Key) gets back.
 */
export const ediTransmissions = pgTable(
  'edi_transmissions',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    direction: text().$type<'in' | 'out'>().notNull(),
    /** interchanges / orders (JSON) / check (a file checked, nothing booked) / outbound. */
    channel: text().$type<'interchanges' | 'orders' | 'check' | 'outbound'>().notNull(),
    syntax: text().$type<'edifact' | 'x12' | 'json' | 'unknown'>().notNull(),
    contentType: text().notNull(),
    raw: bytea().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    charset: text(),
    /** JSON: the caller's Idempotency-Key; with the body hash it decides "same request" or 422. */
    idempotencyKey: text(),
    apiKeyId: text().references(() => apiKeys.id, { onDelete: 'set null' }),
    /** The answer given: HTTP status, content type, body (the CONTRL/997 text or the JSON). */
    response: jsonb().$type<{ status: number; contentType: string; body: string }>(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('edi_transmissions_org_idx').on(t.orgId, t.receivedAt),
    uniqueIndex('edi_transmissions_idempotency_key')
      .on(t.orgId, t.idempotencyKey)
      .where(sql`idempotency_key is not null`),
    index('edi_transmissions_sha_idx').on(t.orgId, t.sha256),
  ],
)

/** One UNB…UNZ / ISA…IEA: the interchange key and the syntax acknowledgement of it (ours, or the partner's for ours). */
export const ediInterchanges = pgTable(
  'edi_interchanges',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    transmissionId: uuid()
      .notNull()
      .references(() => ediTransmissions.id, { onDelete: 'cascade' }),
    direction: text().$type<'in' | 'out'>().notNull(),
    syntax: text().$type<'edifact' | 'x12'>().notNull(),
    senderId: text().notNull(),
    recipientId: text().notNull(),
    controlRef: text().notNull(),
    /** SHA-256 of this interchange's own text (UNB..UNZ), for "same key, other bytes". */
    sha256: text().notNull(),
    test: boolean().notNull().default(false),
    /** received → accepted / rejected (by our syntax check); outbound: sent → acknowledged / rejected / ack overdue. */
    status: text().$type<'received' | 'accepted' | 'partly_accepted' | 'rejected' | 'duplicate' | 'sent' | 'acknowledged'>().notNull(),
    issues: jsonb()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Inbound: the CONTRL/997/TA1 we answered with. Outbound: when the partner's ack is due, and what it said. */
    ackTransmissionId: uuid().references(() => ediTransmissions.id, { onDelete: 'set null' }),
    ackDueAt: timestamp({ withTimezone: true }),
    ackedAt: timestamp({ withTimezone: true }),
    ackAction: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The interchange key (anchors §0.2). Inbound, one per (sender, recipient, reference) inside the profile's
    // duplicate window (as Azure's "disallow interchange control number duplicates" over a window in days): the
    // pipeline holds the key's advisory lock and looks, so a counter that wrapped years later is a new interchange.
    // Outbound numbers are ours, gap-free per partner and never reused.
    index('edi_interchanges_key').on(t.orgId, t.direction, t.senderId, t.recipientId, t.controlRef, t.createdAt),
    uniqueIndex('edi_interchanges_out_key')
      .on(t.orgId, t.senderId, t.recipientId, t.controlRef)
      .where(sql`direction = 'out'`),
    index('edi_interchanges_transmission_idx').on(t.transmissionId),
    index('edi_interchanges_ack_due_idx')
      .on(t.ackDueAt)
      .where(sql`acked_at is null and ack_due_at is not null`),
  ],
)

/**
 * One business document in or out: an ORDERS / 850 / JSON order, an ORDRSP, DESADV, INVOIC, PRICAT, INVRPT,
 * APERAK, CONTRL, 997. `seq` orders the pull mailbox (cursor) for outbound documents.
 */
export const ediDocuments = pgTable(
  'edi_documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    seq: bigserial({ mode: 'number' }).notNull().unique(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    direction: text().$type<'in' | 'out'>().notNull(),
    interchangeId: uuid().references(() => ediInterchanges.id, { onDelete: 'cascade' }),
    transmissionId: uuid().references(() => ediTransmissions.id, { onDelete: 'cascade' }),
    syntax: text().$type<'edifact' | 'x12' | 'json'>().notNull(),
    /** ORDERS, 850, order (JSON), ORDRSP, 855, DESADV, 856, INVOIC, 810, PRICAT, 832, INVRPT, 846, APERAK, CONTRL, 997, TA1. */
    messageType: text().notNull(),
    /** order, order_response, despatch_advice, invoice, price_catalog, inventory_report, application_error, syntax_ack. */
    kind: text().notNull(),
    /** UNH 0062 / ST02. */
    messageRef: text(),
    /** BGM 1004 / BEG03 (the buyer's order number inbound; our document number outbound). */
    documentNumber: text(),
    test: boolean().notNull().default(false),
    /**
     * Inbound: received, rejected (syntax), held (business duplicate, unmapped items, review), booked, answered.
     * Outbound: ready (in the mailbox), fetched, acknowledged (by id), delivered (webhook), failed.
     */
    status: text().notNull(),
    /** Why it is rejected or held, for people: a code and its parameters. */
    statusReason: text(),
    canonical: jsonb(),
    issues: jsonb()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Character range of the message in its transmission's decoded text (for highlighting). */
    spanStart: integer(),
    spanEnd: integer(),
    /** The order it booked (inbound) or is about (outbound). */
    orderId: uuid().references(() => orders.id, { onDelete: 'set null' }),
    /** Outbound: the inbound document it answers (ORDRSP → ORDERS). */
    answersId: uuid(),
    /** Outbound: the order event it was made for (confirmed → ORDRSP, shipped → DESADV, delivered → INVOIC), once. */
    sourceEventId: uuid(),
    /** Outbound: the raw text in the partner's syntax (the JSON form is `canonical`). */
    body: text(),
    fetchedAt: timestamp({ withTimezone: true }),
    acknowledgedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('edi_documents_org_idx').on(t.orgId, t.direction, t.seq),
    index('edi_documents_interchange_idx').on(t.interchangeId),
    index('edi_documents_order_idx').on(t.orderId),
    // The business-duplicate check: the buyer's order number, among its booked or held orders.
    index('edi_documents_number_idx').on(t.orgId, t.direction, t.documentNumber),
    uniqueIndex('edi_documents_source_event_key')
      .on(t.sourceEventId)
      .where(sql`source_event_id is not null`),
  ],
)

/** The timeline of a document (and its interchange): received, CONTRL sent, booked, ORDRSP sent, fetched, acked … */
export const ediEvents = pgTable(
  'edi_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    documentId: uuid().references(() => ediDocuments.id, { onDelete: 'cascade' }),
    interchangeId: uuid().references(() => ediInterchanges.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    /** Parameters for the sentence people read (i18n `edi.event.<kind>`). */
    details: jsonb()
      .notNull()
      .default(sql`'{}'::jsonb`),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('edi_events_document_idx').on(t.documentId, t.at), index('edi_events_interchange_idx').on(t.interchangeId, t.at)],
)

/** Items a partner named that map to no product of ours: the desk's mapping queue (anchors §2 F5). */
export const ediUnmappedItems = pgTable(
  'edi_unmapped_items',
  {
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** gtin, buyer_article, buyer_part, sku. */
    idType: text().notNull(),
    code: text().notNull(),
    description: text(),
    occurrences: integer().notNull().default(1),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastDocumentId: uuid().references(() => ediDocuments.id, { onDelete: 'set null' }),
    /** Mapped by the desk to this product (a buyer article becomes the account's part number in the catalog). */
    productId: uuid().references(() => products.id, { onDelete: 'set null' }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.idType, t.code] })],
)

/** Webhook deliveries of outbound documents: retried with backoff, then the dead-letter list with a resend button. */
export const ediWebhookDeliveries = pgTable(
  'edi_webhook_deliveries',
  {
    id: uuid().primaryKey().defaultRandom(),
    orgId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    documentId: uuid()
      .notNull()
      .references(() => ediDocuments.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    status: text().$type<'pending' | 'delivered' | 'dead'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer(),
    lastError: text(),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('edi_webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt), index('edi_webhook_deliveries_org_idx').on(t.orgId, t.createdAt)],
)
