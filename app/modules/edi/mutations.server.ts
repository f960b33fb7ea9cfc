// The EDI module's writes, for routes and other modules.
export {}
export { receiveInterchange, receiveJsonOrder } from './inbound.server'
export { replayDocument } from './replay.server'
