import { describe, expect, it } from 'vitest'
import { applicationNumber, deskSteps, parseStatusToken, serialOf, stepVerdict, verificationOf } from './application-rules'

describe('application stages', () => {
  it.each([
    ['received', 'check', 'passed', 'checking'],
    ['checking', 'check', 'failed', 'checking'],
    ['checking', 'offer', 'passed', 'agreement_offered'],
    ['agreement_offered', 'accept', 'passed', 'agreement_accepted'],
    ['agreement_accepted', 'activate', 'passed', 'active'],
    ['agreement_offered', 'reject', 'passed', 'rejected'],
  ] as const)('%s --%s--> %s', (stage, step, verification, next) => {
    expect(stepVerdict(stage, step, verification)).toEqual({ ok: true, next })
  })

  it.each([
    ['checking', 'offer', 'failed', 'application.error.checkFailed'],
    ['checking', 'offer', 'unchecked', 'application.error.checkFailed'],
    ['received', 'activate', 'passed', 'application.error.stage'],
    ['checking', 'accept', 'passed', 'application.error.stage'],
    ['agreement_offered', 'check', 'passed', 'application.error.stage'],
    ['active', 'reject', 'passed', 'application.error.closed'],
    ['rejected', 'offer', 'passed', 'application.error.closed'],
  ] as const)('refuses %s --%s-- (check %s): %s', (stage, step, verification, message) => {
    expect(stepVerdict(stage, step, verification)).toEqual({ ok: false, message })
  })

  it('offers the desk only the steps its stage allows', () => {
    expect(deskSteps('checking', 'passed')).toEqual(['check', 'offer', 'reject'])
    expect(deskSteps('checking', 'failed')).toEqual(['check', 'reject'])
    expect(deskSteps('agreement_offered', 'passed')).toEqual(['reject'])
    expect(deskSteps('agreement_accepted', 'passed')).toEqual(['activate', 'reject'])
    expect(deskSteps('active', 'passed')).toEqual([])
  })
})

describe('the check', () => {
  it('passes only a valid INN nobody else has', () => {
    expect(verificationOf({ innValid: true, duplicates: [] })).toBe('passed')
    expect(verificationOf({ innValid: false, duplicates: [] })).toBe('failed')
    expect(verificationOf({ innValid: true, duplicates: [{ kind: 'organisation', id: 'x', name: 'X', inn: '1' }] })).toBe('failed')
  })
})

describe('numbers and status tokens', () => {
  it('numbers applications per year', () => {
    expect(applicationNumber('2026', 12)).toBe('P-2026-000012')
    expect(serialOf('P-2026-000012', '2026')).toBe(12)
    expect(serialOf('P-2025-000012', '2026')).toBeNull()
    expect(serialOf('garbage', '2026')).toBeNull()
  })

  it.each([
    ['0b6f2c1e-8d3a-4f7b-9c2d-1e2f3a4b5c6d.abcdefghijklmnopqrstuvwx', true],
    ['0B6F2C1E-8D3A-4F7B-9C2D-1E2F3A4B5C6D.abcdefghijklmnopqrstuvwx', true],
    ['0b6f2c1e-8d3a-4f7b-9c2d-1e2f3a4b5c6d.ABCDEFGHIJKLMNOPQRSTUVWX', false],
    ['0b6f2c1e-8d3a-4f7b-9c2d-1e2f3a4b5c6d', false],
    ['not-a-uuid.abcdefghijklmnopqrstuvwx', false],
    ['x'.repeat(500), false],
    [undefined, false],
  ])('%s is a token: %s', (token, ok) => {
    expect(parseStatusToken(token) !== null).toBe(ok)
  })
})
