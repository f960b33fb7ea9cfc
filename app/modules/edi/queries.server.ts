// The EDI module's reads, for routes and other modules.
export { getProfile, listShipToGlns, type PartnerProfile } from './partners.server'
