// Admission control for password hashing. Hashing is the one expensive step of signing in (~14 ms of a core
// here), so at most `concurrency` hashes run at once, and sign-ins from unknown devices may hold all but
// `reserved` of those slots: the reserved ones keep serving known devices however large a flood of guesses.
// Unknown sign-ins wait in a bounded queue; past its bound they are refused at once (load shedding) rather
// than queueing without end.

export class GateFull extends Error {
  readonly code = 'HASH_GATE_FULL'
  constructor() {
    super('hashing queue full')
  }
}

/** By code, not class: server.ts and the Remix build each bundle their own copy of this module. */
export function isGateFull(error: unknown) {
  return (error as { code?: string } | null)?.code === 'HASH_GATE_FULL'
}

export type Priority = 'known' | 'other'

export function createHashGate(options: { concurrency: number; reserved: number; maxWaiting: number }) {
  const otherLimit = Math.max(1, options.concurrency - options.reserved)
  let running = 0
  let runningOther = 0
  const queues: Record<Priority, (() => void)[]> = { known: [], other: [] }

  const mayStart = (priority: Priority) => running < options.concurrency && (priority === 'known' || runningOther < otherLimit)

  function start(priority: Priority) {
    running++
    if (priority === 'other') runningOther++
  }

  function next() {
    if (queues.known.length && mayStart('known')) {
      start('known')
      queues.known.shift()!()
    } else if (queues.other.length && mayStart('other')) {
      start('other')
      queues.other.shift()!()
    }
  }

  return {
    async run<T>(priority: Priority, task: () => Promise<T>): Promise<T> {
      if (mayStart(priority)) start(priority)
      else {
        // Known devices are never shed: there are few of them, and they are who the gate protects.
        if (priority === 'other' && queues.other.length >= options.maxWaiting) throw new GateFull()
        await new Promise<void>((resolve) => queues[priority].push(resolve))
      }
      try {
        return await task()
      } finally {
        running--
        if (priority === 'other') runningOther--
        next()
      }
    },
    /** True when an unknown sign-in would be refused right now. */
    full: () => !mayStart('other') && queues.other.length >= options.maxWaiting,
    stats: () => ({ running, waitingKnown: queues.known.length, waitingOther: queues.other.length }),
  }
}
