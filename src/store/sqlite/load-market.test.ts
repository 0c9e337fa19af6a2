import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BarEvent, MarketEvent } from '../../core/events.ts'
import type { Venue } from '../../core/types.ts'
import { openStore } from '../open-store.ts'
import type { Store, TradeBarRow } from '../store.ts'

const MIN = 60_000
const T0 = Date.UTC(2026, 0, 1)

function bar(venue: Venue, i: number, tf = '1m', over: Partial<BarEvent> = {}): BarEvent {
  const p = 100 + i
  return {
    type: 'bar',
    venue,
    symbol: 'BTCUSDT',
    tf,
    ts: T0 + i * MIN,
    localTs: 0,
    open: p,
    high: p + 3,
    low: p - 2,
    close: p + 1,
    volume: 10,
    quoteVolume: 1000,
    closed: true,
    ...over,
  }
}

let store: Store
beforeEach(() => {
  store = openStore(':memory:')
})
afterEach(() => store.close())

describe('loadMarket', () => {
  it('aggregates a stored 1m series to 5m, leaving out and reporting incomplete buckets', () => {
    const events = Array.from({ length: 20 }, (_, i) => bar('bybit', i)).filter((_, i) => i !== 7)
    store.insertEvents(events)
    const m = store.loadMarket({ symbol: 'BTCUSDT', tf: '5m' })
    expect(m.timeframeMs).toBe(5 * MIN)
    expect(m.bars.map((b) => (b.ts - T0) / MIN)).toEqual([0, 10, 15])
    expect(m.bars[0]).toEqual({
      ts: T0,
      open: 100,
      high: 107,
      low: 98,
      close: 105,
      volume: 50,
      quoteVolume: 5000,
      takerBuyVolume: undefined,
      takerBuyQuoteVolume: undefined,
    })
    expect(m.report.issues.map((i) => i.kind)).toEqual(['gap', 'gap'])
    expect(m.report.issues[0].message).toMatch(/1 5m bar\(s\) left out/)
    expect(m.report.issues[1].message).toMatch(/1 missing bar\(s\) of 5m/)
  })

  it('leaves forming bars out and reports stream gaps over the span', () => {
    store.insertEvents([bar('okx', 0), bar('okx', 1), bar('okx', 2, '1m', { closed: false })])
    const id = store.recordGap({
      venue: 'okx',
      from: T0 + 30_000,
      to: T0 + 90_000,
      reason: 'socket closed',
    })
    store.recordGap({ venue: 'okx', from: T0 + 10 * MIN, to: T0 + 11 * MIN, reason: 'later' })
    store.markGapFilled(id)
    const m = store.loadMarket({ symbol: 'BTCUSDT', to: T0 + 3 * MIN })
    expect(m.bars).toHaveLength(2)
    expect(m.report.issues).toHaveLength(1)
    expect(m.report.issues[0].message).toMatch(
      /okx stream down .* \(socket closed\); bars, open interest and funding backfilled; liquidations in this span may be missing/,
    )
  })

  it('reads prices from the primary venue and open interest and liquidations from all', () => {
    const ev: MarketEvent[] = [
      bar('okx', 0),
      bar('binance', 0, '1m', { close: 99 }),
      bar('binance', 1),
    ]
    ev.push({ type: 'open_interest', venue: 'okx', symbol: 'BTCUSDT', ts: T0, localTs: 0, oi: 5 })
    ev.push({
      type: 'open_interest',
      venue: 'binance',
      symbol: 'BTCUSDT',
      ts: T0,
      localTs: 0,
      oi: 7,
      oiUsd: 700,
    })
    ev.push({
      type: 'liquidation',
      venue: 'okx',
      symbol: 'BTCUSDT',
      ts: T0 + 5,
      localTs: 0,
      side: 'short',
      price: 101,
      priceKind: 'bankruptcy',
      qty: 2,
      usd: 202,
      coverage: 'partial',
    })
    store.insertEvents(ev)
    const all = store.loadMarket({ symbol: 'BTCUSDT' })
    expect(all.bars.map((b) => b.close)).toEqual([99, 102])
    expect(all.openInterest).toEqual([
      { ts: T0, oi: 7, oiUsd: 700, venue: 'binance' },
      { ts: T0, oi: 5, oiUsd: undefined, venue: 'okx' },
    ])
    expect(all.liquidationEvents).toEqual([
      { ts: T0 + 5, venue: 'okx', symbol: 'BTCUSDT', side: 'short', price: 101, qty: 2, usd: 202 },
    ])
    const okx = store.loadMarket({ symbol: 'BTCUSDT', venue: 'okx' })
    expect(okx.bars.map((b) => b.close)).toEqual([101])
    expect(okx.openInterest.map((p) => p.venue)).toEqual(['okx'])
  })

  it('gives bars without a taker split one from complete trade bars', () => {
    store.insertEvents([0, 1, 2, 3, 4].map((i) => bar('okx', i)))
    const tb = (i: number, complete: boolean): TradeBarRow => ({
      venue: 'okx',
      symbol: 'BTCUSDT',
      ts: T0 + i * MIN,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 4,
      quoteVolume: 400,
      takerBuyVolume: 3,
      takerBuyQuoteVolume: 310,
      delta: 2,
      trades: 5,
      complete,
    })
    store.writeBatch({ tradeBars: [tb(0, true), tb(1, true), tb(2, false), tb(4, true)] })
    const m = store.loadMarket({ symbol: 'BTCUSDT', tf: '1m' })
    expect(m.bars.map((b) => b.takerBuyVolume)).toEqual([7.5, 7.5, undefined, undefined, 7.5])
    expect(m.report.inputsUsed.takerSplit).toBe(false)
    expect(store.loadTradeBars('okx', 'BTCUSDT').map((r) => r.cvd)).toEqual([2, 4, 6, 8])
  })

  it('names the stored symbols when asked for one it does not hold', () => {
    store.insertEvents([bar('okx', 0)])
    expect(() => store.loadMarket({ symbol: 'ETHUSDT' })).toThrow(
      /no ETHUSDT bars \(stored symbols: BTCUSDT\)/,
    )
    expect(() => store.loadMarket({ symbol: 'BTCUSDT', venue: 'bybit' })).toThrow(
      /no BTCUSDT bars on bybit; BTCUSDT has bars on okx/,
    )
    expect(() => store.loadMarket({ symbol: 'BTCUSDT', tf: '90s' })).toThrow(
      /at 90s or at a timeframe that divides it \(stored: 1m\)/,
    )
  })
})
