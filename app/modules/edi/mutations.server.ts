// The EDI module's writes, for routes and other modules.
export {}
export { receiveInterchange, receiveJsonOrder } from './inbound.server'
export { replayDocument, type ReplayResult } from './replay.server'
// The web pages (U): the partner profile, the GLN map, the mapping queue.
export { mapShipToGln, removeShipToGln, saveProfile } from './profiles.server'
export { mapUnmappedItem } from './mapping.server'
export { sendDocument, formatDocumentNumber, nextOutboundNumber, messageTypeOf, type SendDocumentInput } from './outbound.server'
export { dispatchOrderEvents, startEdiWorkers } from './outbound.server'
export { sendCatalogDocument } from './catalog-documents.server'
export { acknowledgeMessage } from './mailbox.server'
export { deliverDueWebhooks, resendDelivery } from './webhooks.server'
