import { describe, expect, it } from 'vitest'
import { tenderStatusOf, type LotProgress, type TenderStatus } from './tender-status'

const lot = (status: LotProgress['status'], awarded = false): LotProgress => ({ status, awarded })

describe('tenderStatusOf', () => {
  it.each<[string, TenderStatus, LotProgress[], TenderStatus]>([
    ['a draft stays a draft', 'draft', [lot('scheduled')], 'draft'],
    ['scheduled while every lot waits', 'scheduled', [lot('scheduled'), lot('scheduled')], 'scheduled'],
    ['live as soon as one lot is live, though the stored status still says scheduled', 'scheduled', [lot('live'), lot('scheduled')], 'live'],
    ['live while a lot is paused', 'live', [lot('paused'), lot('closed')], 'live'],
    ['live while one lot has closed and another is still to open', 'live', [lot('closed'), lot('scheduled')], 'live'],
    ['closed when every lot has closed, though the stored status still says live', 'live', [lot('closed'), lot('closed')], 'closed'],
    ['closed while a closed lot awaits its award', 'closed', [lot('closed', true), lot('closed')], 'closed'],
    ['awarded when every closed lot is awarded', 'closed', [lot('closed', true), lot('closed', true)], 'awarded'],
    ['awarded when the lots that ran are awarded and the rest cancelled', 'closed', [lot('closed', true), lot('cancelled')], 'awarded'],
    ['cancelled when every lot is cancelled', 'live', [lot('cancelled'), lot('cancelled')], 'cancelled'],
    ['a cancelled tender stays cancelled', 'cancelled', [lot('closed', true), lot('cancelled')], 'cancelled'],
    ['no lots: the stored status', 'scheduled', [], 'scheduled'],
  ])('%s', (_, stored, lots, expected) => expect(tenderStatusOf(stored, lots)).toBe(expected))
})
