import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TradeEvent } from '../core/events.ts'
import type { TradeBarRow } from '../store/store.ts'
import { TradeBarAggregator } from './trade-bars.ts'

const T0 = Date.UTC(2026, 0, 1)
const MIN = 60_000

function trade(
  ts: number,
  id: string,
  price: number,
  qty: number,
  takerSide: 'buy' | 'sell',
): TradeEvent {
  return {
    type: 'trade',
    venue: 'okx',
    symbol: 'BTCUSDT',
    ts,
    localTs: ts,
    id,
    price,
    qty,
    takerSide,
  }
}

describe('TradeBarAggregator', () => {
  it('builds OHLC, volume, taker split and delta per minute; the first minute is incomplete', () => {
    const a = new TradeBarAggregator()
    const out: TradeBarRow[] = []
    out.push(...a.add(trade(T0 + 5_000, '1', 100, 1, 'buy')))
    out.push(...a.add(trade(T0 + MIN + 1_000, '2', 101, 2, 'sell')))
    out.push(...a.add(trade(T0 + MIN + 2_000, '3', 103, 1, 'buy')))
    out.push(...a.add(trade(T0 + MIN + 3_000, '4', 99, 0.5, 'sell')))
    out.push(...a.add(trade(T0 + 2 * MIN + 1, '5', 100, 1, 'buy')))
    expect(out).toHaveLength(2)
    expect(out[0]).toMatchObject({ ts: T0, complete: false, trades: 1 })
    expect(out[1]).toEqual({
      venue: 'okx',
      symbol: 'BTCUSDT',
      ts: T0 + MIN,
      open: 101,
      high: 103,
      low: 99,
      close: 99,
      volume: 3.5,
      quoteVolume: 202 + 103 + 49.5,
      takerBuyVolume: 1,
      takerBuyQuoteVolume: 103,
      delta: 1 - 2.5,
      trades: 3,
      complete: true,
    })
    expect(a.cvd('okx', 'BTCUSDT')).toBeCloseTo(1 - 2 + 1 - 0.5 + 1, 12)
  })

  it('drops duplicate ids and late trades, and fills quiet minutes with zero volume', () => {
    const a = new TradeBarAggregator()
    a.add(trade(T0 + 1, '1', 100, 1, 'buy'))
    a.add(trade(T0 + MIN + 1, '2', 100, 1, 'buy'))
    expect(a.add(trade(T0 + MIN + 1, '2', 100, 1, 'buy'))).toEqual([])
    expect(a.add(trade(T0 + 30_000, '0', 100, 1, 'buy'))).toEqual([]) // minute 0 already emitted
    const out = a.add(trade(T0 + 4 * MIN + 1, '9', 105, 1, 'sell'))
    expect(out.map((r) => [r.ts - T0, r.volume, r.complete])).toEqual([
      [MIN, 1, true],
      [2 * MIN, 0, true],
      [3 * MIN, 0, true],
    ])
    expect(a.stats).toEqual({ trades: 3, duplicates: 1, late: 1 })
  })

  it('marks the minute a disconnect cuts, and the first after it, incomplete', () => {
    const a = new TradeBarAggregator()
    a.add(trade(T0 + 1, '1', 100, 1, 'buy'))
    a.add(trade(T0 + MIN + 1, '2', 100, 1, 'buy'))
    const cut = a.disconnect('okx')
    expect(cut.map((r) => [r.ts - T0, r.complete])).toEqual([[MIN, false]])
    a.add(trade(T0 + 5 * MIN + 10, '3', 100, 1, 'buy'))
    const after = a.add(trade(T0 + 6 * MIN + 10, '4', 100, 1, 'buy'))
    // No rows for minutes 2–4 (unknown), minute 5 joined part-way.
    expect(after.map((r) => [r.ts - T0, r.complete])).toEqual([[5 * MIN, false]])
    expect(a.closeBefore('okx', T0 + 7 * MIN).map((r) => [r.ts - T0, r.complete])).toEqual([
      [6 * MIN, true],
    ])
  })

  it('conserves volume and delta over any trade sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 90_000 }),
            qty: fc.integer({ min: 1, max: 1000 }),
            buy: fc.boolean(),
          }),
          { minLength: 1, maxLength: 200 },
        ),
        (steps) => {
          const a = new TradeBarAggregator()
          const rows: TradeBarRow[] = []
          let ts = T0
          let buy = 0
          let sell = 0
          steps.forEach((s, i) => {
            ts += s.dt
            rows.push(...a.add(trade(ts, String(i), 100, s.qty / 1000, s.buy ? 'buy' : 'sell')))
            if (s.buy) buy += s.qty / 1000
            else sell += s.qty / 1000
          })
          rows.push(...a.disconnect('okx'))
          const vol = rows.reduce((n, r) => n + r.volume, 0)
          const delta = rows.reduce((n, r) => n + r.delta, 0)
          expect(vol).toBeCloseTo(buy + sell, 9)
          expect(delta).toBeCloseTo(buy - sell, 9)
          expect(a.cvd('okx', 'BTCUSDT')).toBeCloseTo(buy - sell, 9)
          const ts2 = rows.map((r) => r.ts)
          expect(new Set(ts2).size).toBe(ts2.length)
        },
      ),
    )
  })
})
