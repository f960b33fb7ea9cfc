import { EventEmitter } from 'node:events'
import { singleton } from '../../utils/singleton.server'

// The realtime layer listens here to disconnect the sockets of revoked sessions; with the Redis adapter
// its disconnectSockets() reaches every node.
const bus = singleton('session-events', () => new EventEmitter())

export function publishSessionsRevoked(sessionIds: string[]) {
  bus.emit('revoked', sessionIds)
}

export function onSessionsRevoked(listener: (sessionIds: string[]) => void) {
  bus.on('revoked', listener)
  return () => bus.off('revoked', listener)
}
