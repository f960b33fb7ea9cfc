// The EDI module's reads, for routes and other modules.
export { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
export { getApiOrder, listApiOrders } from './inbound.server'
export { checkFile } from './replay.server'
// The web pages (U): the message log, the desk's monitor, the mapping queue.
export {
  decodeRaw,
  getMessageDetail,
  getRawMessage,
  listEdiPartners,
  listMessages,
  listUnmappedItems,
  messagesCsv,
  type MessageDetail,
  type MessageRow,
} from './monitor.server'
export { profileFormValues } from './profiles.server'
export { inventoryFor, priceCatalogFor } from './catalog-documents.server'
export { getMessage, listDocuments, listMailbox, MAILBOX_MAX, type MailboxItem, type MailboxMessage, type MailboxStatus } from './mailbox.server'
export { listDeadLetters, webhookSecretFor } from './webhooks.server'
