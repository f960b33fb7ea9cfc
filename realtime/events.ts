// Typed Socket.IO events. Namespaces for later modules (the auction room) add their own files beside this one.
export interface WhoAmI {
  userId: string
  orgId: string | null
  role: string | null
}

/** Products whose price or stock changed; an empty list means "many: re-read everything". */
export interface CatalogChanged {
  kind: 'products' | 'stock' | 'prices'
  productIds: string[]
}

export interface ServerToClientEvents {
  'server:restarting': () => void
  'catalog:changed': (change: CatalogChanged) => void
}

/** Every event a client may send; the permission matrix test needs a row for each. */
export const clientEvents = ['session:whoami'] as const

export interface ClientToServerEvents {
  'session:whoami': (ack: (reply: WhoAmI) => void) => void
}

export interface SocketData {
  sessionId: string
  userId: string
  orgId: string | null
  role: string | null
}
