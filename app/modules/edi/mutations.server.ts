// The EDI module's writes, for routes and other modules.
export { sendDocument, formatDocumentNumber, nextOutboundNumber, messageTypeOf, type SendDocumentInput } from './outbound.server'
export { dispatchOrderEvents, startEdiWorkers } from './outbound.server'
export { sendCatalogDocument } from './catalog-documents.server'
export { acknowledgeMessage } from './mailbox.server'
export { deliverDueWebhooks, resendDelivery } from './webhooks.server'
