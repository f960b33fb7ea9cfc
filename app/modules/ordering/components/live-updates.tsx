import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { io } from 'socket.io-client'
import type { CatalogChanged, ServerToClientEvents } from '../../../../realtime/events'
import { formatTime } from '../../../i18n/format'
import { useT } from '../../../i18n/react'

/**
 * Keeps a page that shows prices and stock (the cart, checkout) current: when the server says products on the
 * page changed, the page re-reads its data and says so. Without a socket the page still works; it just does
 * not update by itself.
 */
export function useLiveCatalog(productIds: string[]) {
  const revalidator = useRevalidator()
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null)
  const ids = useRef(new Set(productIds))
  ids.current = new Set(productIds)
  const revalidate = useRef(revalidator.revalidate)
  revalidate.current = revalidator.revalidate
  useEffect(() => {
    const socket = io({ transports: ['websocket'], timeout: 5000 })
    const onChange: ServerToClientEvents['catalog:changed'] = (change: CatalogChanged) => {
      if (change.productIds.length && !change.productIds.some((id) => ids.current.has(id))) return
      revalidate.current()
      setUpdatedAt(new Date())
    }
    socket.on('catalog:changed', onChange)
    return () => {
      socket.off('catalog:changed', onChange)
      socket.disconnect()
    }
  }, [])
  return updatedAt
}

export function LiveNotice({ updatedAt }: { updatedAt: Date | null }) {
  const { t, locale, timeZone } = useT()
  return (
    <p className="muted small" role="status" aria-live="polite" data-live-updated={updatedAt ? 'yes' : undefined}>
      {updatedAt ? t('cart.liveUpdated', { time: formatTime(locale, updatedAt, timeZone) }) : ''}
    </p>
  )
}
