import { describe, expect, it } from 'vitest'
import type { MarketEvent } from '../core/events.ts'
import { eventProblem, eventProblems } from './validate.ts'

const T = 1780000020000
const base = { venue: 'binance' as const, symbol: 'BTCUSDT', ts: T, localTs: T + 5 }

describe('event validators', () => {
  const good: MarketEvent[] = [
    { ...base, type: 'trade', id: '1', price: 65000, qty: 0.1, takerSide: 'buy' },
    {
      ...base,
      type: 'bar',
      tf: '1m',
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      volume: 10,
      takerBuyVolume: 6,
      closed: true,
    },
    { ...base, type: 'open_interest', oi: 0 },
    { ...base, type: 'funding', rate: -0.0001, intervalHours: 8, predicted: false },
    {
      ...base,
      type: 'liquidation',
      side: 'long',
      price: 100,
      priceKind: 'bankruptcy',
      qty: 2,
      usd: 200,
      coverage: 'complete',
    },
    {
      ...base,
      type: 'book',
      bids: [
        [100, 1],
        [99, 1],
      ],
      asks: [[101, 1]],
    },
    { type: 'disconnect', venue: 'okx', localTs: T, reason: 'x' },
  ]
  it('accepts valid events of every type', () => {
    for (const e of good) expect(eventProblems(e), e.type).toEqual([])
  })

  it.each<[string, MarketEvent, RegExp]>([
    [
      'zero price',
      { ...base, type: 'trade', id: '1', price: 0, qty: 1, takerSide: 'buy' },
      /price must be > 0/,
    ],
    [
      'NaN qty',
      { ...base, type: 'trade', id: '1', price: 1, qty: NaN, takerSide: 'sell' },
      /qty must be > 0/,
    ],
    [
      'seconds not ms',
      { ...base, ts: 1780000020, type: 'trade', id: '1', price: 1, qty: 1, takerSide: 'sell' },
      /ts not a sane/,
    ],
    [
      'high below close',
      { ...base, type: 'bar', tf: '1m', open: 1, high: 1, low: 0.5, close: 1.5, closed: true },
      /high below/,
    ],
    [
      'taker > volume',
      {
        ...base,
        type: 'bar',
        tf: '1m',
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volume: 1,
        takerBuyVolume: 2,
        closed: true,
      },
      /exceeds volume/,
    ],
    [
      'rate as percent',
      { ...base, type: 'funding', rate: 1.5, intervalHours: 8, predicted: true },
      /fraction/,
    ],
    [
      'usd ≠ qty × price',
      {
        ...base,
        type: 'liquidation',
        side: 'short',
        price: 100,
        priceKind: 'order',
        qty: 2,
        usd: 150,
        coverage: 'partial',
      },
      /qty × price/,
    ],
    [
      'unsorted bids',
      {
        ...base,
        type: 'book',
        bids: [
          [99, 1],
          [100, 1],
        ],
        asks: [],
      },
      /sorted/,
    ],
    ['unknown venue', { ...base, venue: 'ftx' as never, type: 'open_interest', oi: 1 }, /venue/],
  ])('rejects %s', (_name, e, re) => {
    expect(eventProblem(e)).toMatch(re)
  })

  it('flags exchange time after receive time + skew, and a crossed book', () => {
    expect(eventProblems({ ...base, localTs: T - 600_000, type: 'open_interest', oi: 1 })).toEqual([
      'ts is after localTs + skew',
    ])
    expect(eventProblems({ ...base, type: 'book', bids: [[101, 1]], asks: [[100, 1]] })).toContain(
      'book crossed: best bid ≥ best ask',
    )
  })
})
