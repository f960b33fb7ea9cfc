import { describe, expect, it } from 'vitest'
import { covers, grantScope, narrowScope, workerScope } from './scope.server'

// The scope helpers outside the guards only ever make a scope for ONE organisation: narrowing an `any` scope, or
// the named worker's. Neither may produce a scope that covers another organisation.

const A = '00000000-0000-4000-8000-00000000000a'
const B = '00000000-0000-4000-8000-00000000000b'

describe('scopes made outside the guards', () => {
  it('narrowScope turns the desk’s any scope into one organisation’s, covering no other', () => {
    const desk = grantScope('manage:edi:any', null)
    expect(covers(desk, B)).toBe(true)
    const narrowed = narrowScope(desk, A)
    expect(narrowed).toEqual({ kind: 'org', orgId: A })
    expect(covers(narrowed, A)).toBe(true)
    expect(covers(narrowed, B)).toBe(false)
  })

  it('workerScope names its reason and covers only the organisation whose event it answers', () => {
    const outbox = workerScope('edi-outbox', A)
    expect(outbox).toEqual({ kind: 'org', orgId: A })
    expect(covers(outbox, B)).toBe(false)
  })
})
