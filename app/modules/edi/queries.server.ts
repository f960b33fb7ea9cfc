// The EDI module's reads, for routes and other modules.
export { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
export { getApiOrder, listApiOrders } from './inbound.server'
export { checkFile } from './replay.server'
