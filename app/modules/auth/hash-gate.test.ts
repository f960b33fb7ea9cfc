import { describe, expect, it } from 'vitest'
import { createHashGate, GateFull, isGateFull } from './hash-gate'

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('hash gate', () => {
  it('keeps reserved slots for known devices, serves them first, and sheds unknown sign-ins past the bound', async () => {
    const gate = createHashGate({ concurrency: 2, reserved: 1, maxWaiting: 2 })
    const order: string[] = []
    const first = deferred()
    const running = gate.run('other', async () => {
      order.push('other-0')
      await first.promise
    })
    // The second slot is reserved: further unknown sign-ins wait even though a slot is free…
    const others = [gate.run('other', async () => void order.push('other-1')), gate.run('other', async () => void order.push('other-2'))]
    expect(gate.stats()).toEqual({ running: 1, waitingKnown: 0, waitingOther: 2 })
    expect(gate.full()).toBe(true)
    const shed = gate.run('other', async () => void order.push('shed'))
    await expect(shed).rejects.toBeInstanceOf(GateFull)
    await shed.catch((e) => expect(isGateFull(e)).toBe(true))
    // …while a known device takes it at once.
    await gate.run('known', async () => void order.push('known'))
    expect(order).toEqual(['other-0', 'known'])
    first.resolve()
    await Promise.all([running, ...others])
    expect(order).toEqual(['other-0', 'known', 'other-1', 'other-2'])
    expect(gate.stats()).toEqual({ running: 0, waitingKnown: 0, waitingOther: 0 })
  })

  it('lets known devices queue ahead of unknown ones when every slot is busy', async () => {
    const gate = createHashGate({ concurrency: 1, reserved: 0, maxWaiting: 5 })
    const order: string[] = []
    const first = deferred()
    const a = gate.run('known', async () => {
      order.push('a')
      await first.promise
    })
    const b = gate.run('other', async () => void order.push('other'))
    const c = gate.run('known', async () => void order.push('known'))
    first.resolve()
    await Promise.all([a, b, c])
    expect(order).toEqual(['a', 'known', 'other'])
  })

  it('frees its slot when a task fails', async () => {
    const gate = createHashGate({ concurrency: 1, reserved: 0, maxWaiting: 0 })
    await expect(gate.run('other', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(gate.run('other', async () => 42)).resolves.toBe(42)
  })
})
