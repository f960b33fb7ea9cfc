import { EventEmitter } from 'node:events'
import { singleton } from '../../utils/singleton.server'

// "Whose authority changed", published after the transaction that changed it commits: ended sessions, a switched
// organisation, a removed or re-roled member, a disabled user, an organisation deactivated or whose verification
// changed. The realtime layer listens, closes the affected sockets (their clients re-handshake with the authority
// as it is now) and carries the publication to the other nodes; caches of authority (the auction room's
// admissions) are dropped on it.
const bus = singleton('session-events', () => new EventEmitter())

export interface AuthorityChange {
  sessionIds?: string[]
  userIds?: string[]
  /** One user in one organisation. */
  members?: { userId: string; orgId: string }[]
  /** Everyone acting for these organisations. */
  orgIds?: string[]
}

/** `remote` is set when the change was published on another node and relayed here. */
export type AuthorityListener = (change: AuthorityChange, o: { remote: boolean }) => void

export function publishAuthorityChanged(change: AuthorityChange, o: { remote?: boolean } = {}) {
  const empty = !change.sessionIds?.length && !change.userIds?.length && !change.members?.length && !change.orgIds?.length
  if (!empty) bus.emit('authority', change, { remote: o.remote ?? false })
}

export function publishSessionsRevoked(sessionIds: string[]) {
  publishAuthorityChanged({ sessionIds })
}

export function onAuthorityChanged(listener: AuthorityListener) {
  bus.on('authority', listener)
  return () => bus.off('authority', listener)
}
