// The EDI module's writes, for routes and other modules.
export { sendDocument, formatDocumentNumber, nextOutboundNumber, messageTypeOf, type SendDocumentInput } from './outbound.server'
