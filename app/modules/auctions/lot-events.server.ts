import { EventEmitter } from 'node:events'
import { singleton } from '../../utils/singleton.server'

// Something happened to a lot (a bid, a buyer action, the open or the close). Modules publish the lot id after
// their transaction commits; the realtime layer reads the lot once and sends each audience its own view.

const bus = singleton('auction-events', () => {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(50)
  return emitter
})

export function notifyLotChanged(lotIds: string[]) {
  for (const lotId of new Set(lotIds)) bus.emit('changed', lotId)
}

export function onLotChanged(listener: (lotId: string) => void) {
  bus.on('changed', listener)
  return () => bus.off('changed', listener)
}
