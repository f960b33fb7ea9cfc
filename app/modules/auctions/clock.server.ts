import { logger } from '../../utils/logger.server'
import { tick } from './control.server'

// Every node runs this clock: it opens lots whose start has come and closes lots whose end has passed. Several
// nodes firing at once is harmless, since each change is a compare-and-set on the lot row and one of them wins.
// A bid after the end is refused by its own statement whatever this clock does; the clock only makes the close
// visible (within a tick) and settles the tender.

export function startAuctionClock(everyMs = 250) {
  let running = false
  let stopped = false
  const timer = setInterval(() => {
    if (running || stopped) return
    running = true
    tick()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'auction clock tick failed'))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return async () => {
    stopped = true
    clearInterval(timer)
    // Let a tick in flight finish before the database closes under it.
    while (running) await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
