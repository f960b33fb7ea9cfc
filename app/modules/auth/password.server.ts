import os from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { singleton } from '../../utils/singleton.server'
import { createHashGate, type Priority } from './hash-gate'

// OWASP Password Storage Cheat Sheet: Argon2id, m = 19 MiB, t = 2, p = 1. The default algorithm of
// @node-rs/argon2 is Argon2id (the `Algorithm` const enum cannot be used under isolatedModules, stack-notes P11).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

// Counts argon2 calls, so tests and benchmarks can prove the login limiter refuses before hashing. A process-wide
// singleton: the Remix build bundles its own copy of this module.
export const argon2Calls = singleton('argon2-calls', () => ({ hash: 0, verify: 0 }))

export function hashPassword(password: string) {
  argon2Calls.hash++
  return hash(password, options)
}

// One gate per process: as many hashes at once as there are cores, one of them kept for known devices, and a
// short queue for the rest.
const cores = os.availableParallelism()
const gate = singleton('hash-gate', () => createHashGate({ concurrency: cores, reserved: cores > 1 ? 1 : 0, maxWaiting: 2 * cores }))

/** True when a sign-in from an unknown device would be refused for load right now. */
export const hashingSaturated = () => gate.full()

/** Verifies through the gate; throws GateFull when too many unknown sign-ins are already waiting. */
export async function verifyPassword(passwordHash: string, password: string, priority: Priority = 'other') {
  return gate.run(priority, async () => {
    argon2Calls.verify++
    try {
      return await verify(passwordHash, password)
    } catch {
      return false
    }
  })
}

// Verifying against this when the login is unknown keeps the answer time the same as for a wrong password,
// so timing does not reveal which logins exist.
let dummyHash: Promise<string> | undefined
export function verifyAgainstDummy(password: string) {
  dummyHash ??= hash('dummy password for unknown logins', options)
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false)
}
