import { EventEmitter } from 'node:events'
import { singleton } from '../../utils/singleton.server'

// Live price and stock changes (DESIGN.md §4): modules publish which products changed after their transaction
// commits; the realtime layer tells every signed-in buyer's browser, which re-reads its own cart (prices are
// per organisation, so only product ids travel, never a price).

export type CatalogChange = { kind: 'products' | 'stock' | 'prices'; productIds: string[] }

const bus = singleton('catalog-events', () => new EventEmitter())

/** Past this many ids one message says "much changed" instead of listing them. */
const MAX_IDS = 1000

export function notifyCatalogChanged(kind: CatalogChange['kind'], productIds: string[]) {
  const unique = [...new Set(productIds)]
  bus.emit('changed', { kind, productIds: unique.length > MAX_IDS ? [] : unique } satisfies CatalogChange)
}

export function onCatalogChanged(listener: (change: CatalogChange) => void) {
  bus.on('changed', listener)
  return () => bus.off('changed', listener)
}
