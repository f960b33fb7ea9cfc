// The EDI module's writes, for routes and other modules.
export {}
// The web pages (U): the partner profile, the GLN map, the mapping queue.
export { mapShipToGln, removeShipToGln, saveProfile } from './profiles.server'
export { mapUnmappedItem } from './mapping.server'
export { replayDocument, resendDelivery, sendCatalogDocument, type ReplayResult } from './monitor.server'
