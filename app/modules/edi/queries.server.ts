// The EDI module's reads, for routes and other modules.
export { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
export { inventoryFor, priceCatalogFor } from './catalog-documents.server'
export { getMessage, listDocuments, listMailbox, MAILBOX_MAX, type MailboxItem, type MailboxMessage, type MailboxStatus } from './mailbox.server'
export { listDeadLetters, webhookSecretFor } from './webhooks.server'
