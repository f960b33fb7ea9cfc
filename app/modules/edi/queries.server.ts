// The EDI module's reads, for routes and other modules.
export { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
// The web pages (U): the message log, the desk's monitor, the mapping queue.
export {
  decodeRaw,
  getMessage,
  getRawMessage,
  listEdiPartners,
  listMessages,
  listUnmappedItems,
  messagesCsv,
  type MessageDetail,
  type MessageRow,
} from './monitor.server'
export { profileFormValues } from './profiles.server'
export { checkFile, type CheckFileResult } from './monitor.server'
