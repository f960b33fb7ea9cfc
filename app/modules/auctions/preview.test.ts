import { describe, expect, it } from 'vitest'
import { previewBid } from './preview'
import type { SupplierLotView } from './views'

// What a supplier sees before confirming: only what its own view holds, so the preset decides what can be said.
const view = (o: Omit<Partial<SupplierLotView>, 'own'> & { own?: Partial<SupplierLotView['own']> } = {}): SupplierLotView => ({
  lotId: 'l',
  tenderId: 't',
  tenderTitle: 'T',
  lineNo: 1,
  item: 'Cable',
  quantity: 1,
  unit: 'm',
  currency: 'RUB',
  visibility: 'rank',
  status: 'live',
  startsAt: '2026-12-01T10:00:00.000Z',
  endsAt: '2026-12-01T10:30:00.000Z',
  serverNow: '2026-12-01T10:10:00.000Z',
  seq: 3,
  startPriceMinor: 100_000,
  minStepMinor: 500,
  maxStepMinor: 5_000,
  softWindowMs: 120_000,
  softExtensionMs: 120_000,
  maxExtensions: null,
  pausedAt: null,
  cancelReason: null,
  reserveMet: null,
  extensions: [],
  awarded: null,
  ...o,
  own: { rank: 2, lastBidMinor: 98_000, bids: [], alias: 2, ...o.own },
})

describe('previewBid', () => {
  it.each([
    // [case, view, price, expected]
    [
      'rank only: the rank is unknown until the bid',
      view(),
      97_000,
      { belowOwnMinor: 1_000, belowBestMinor: null, rank: null, problems: [], bigDrop: false },
    ],
    ['rank only: not below one’s own bid', view(), 98_000, { problems: ['not_below_own'] }],
    ['rank only: a drop of more than 10 % below one’s own bid warns', view(), 80_000, { bigDrop: true }],
    [
      'with the best: a lead by a full step',
      view({ visibility: 'rank_best', bestMinor: 97_000 }),
      96_500,
      { belowBestMinor: 500, rank: { exact: 1 }, problems: [] },
    ],
    ['with the best: a step too small', view({ visibility: 'rank_best', bestMinor: 97_000 }), 96_800, { problems: ['step_too_small'] }],
    [
      'with the best: past the maximum step is refused and warned',
      view({ visibility: 'rank_best', bestMinor: 97_000 }),
      91_000,
      { problems: ['step_too_large'], bigDrop: true },
    ],
    ['with the best: a tie with the leader', view({ visibility: 'rank_best', bestMinor: 97_000 }), 97_000, { problems: ['tie_with_leader'] }],
    ['with the best: above it ranks 2 or lower', view({ visibility: 'rank_best', bestMinor: 97_000 }), 97_500, { rank: { atLeast: 2 } }],
    [
      'with the history: the exact rank, equal prices after earlier bids',
      view({
        visibility: 'full',
        bestMinor: 96_000,
        history: [
          { alias: 1, priceMinor: 96_000, at: '' },
          { alias: 3, priceMinor: 97_500, at: '' },
          { alias: 2, priceMinor: 98_000, at: '' },
        ],
      }),
      97_500,
      { rank: { exact: 3 } },
    ],
    ['the ceiling', view({ own: { lastBidMinor: null, rank: null } }), 100_000, { problems: ['not_below_ceiling'], belowOwnMinor: null }],
  ] as const)('%s', (_name, v, price, expected) => {
    expect(previewBid(v as SupplierLotView, price)).toMatchObject(expected)
  })
})
