import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MarketEvent } from '../core/events.ts'
import { openStore } from '../store/open-store.ts'
import type { Store, StoreBatch, WriteResult } from '../store/store.ts'
import { InProcessBus } from './bus.ts'
import { StoreWriter, streamKey } from './store-writer.ts'

const T0 = Date.UTC(2026, 0, 1)
const liq = (i: number): MarketEvent => ({
  type: 'liquidation',
  venue: 'bybit',
  symbol: 'BTCUSDT',
  ts: T0 + i,
  localTs: T0 + i + 3,
  side: 'long',
  price: 100 + i,
  priceKind: 'bankruptcy',
  qty: 1,
  usd: 100 + i,
  coverage: 'complete',
})
const book = (ts: number): MarketEvent => ({
  type: 'book',
  venue: 'okx',
  symbol: 'BTCUSDT',
  ts,
  localTs: ts,
  bids: [[1, 1]],
  asks: [[2, 1]],
})

let store: Store
beforeEach(() => {
  store = openStore(':memory:')
})
afterEach(() => {
  store.close()
  vi.useRealTimers()
})

describe('StoreWriter', () => {
  it('writes one transaction when maxRows events are pending', () => {
    const w = new StoreWriter(store, { maxRows: 10, maxDelayMs: 60_000 })
    w.handle(Array.from({ length: 9 }, (_, i) => liq(i)))
    expect(store.stats().rows.liquidations).toBe(0)
    w.handle([liq(9)])
    expect(store.stats().rows.liquidations).toBe(10)
    expect(w.stats.transactions).toBe(1)
    expect(w.stats.rowsByStream.get(streamKey('bybit', 'liquidations', 'BTCUSDT'))).toBe(10)
  })

  it('flushes maxDelayMs after the first pending event', () => {
    vi.useFakeTimers()
    const w = new StoreWriter(store, { maxRows: 1000, maxDelayMs: 250 })
    w.handle([liq(1)])
    vi.advanceTimersByTime(249)
    expect(store.stats().rows.liquidations).toBe(0)
    vi.advanceTimersByTime(1)
    expect(store.stats().rows.liquidations).toBe(1)
    expect(store.heartbeat('bybit')).toEqual({ venue: 'bybit', ts: T0 + 1, localTs: T0 + 4 })
  })

  it('keeps at most one book per bookEveryMs per venue and symbol', () => {
    const w = new StoreWriter(store, { bookEveryMs: 1000 })
    w.handle([book(T0), book(T0 + 400), book(T0 + 999), book(T0 + 1000), book(T0 + 2500)])
    w.flush()
    expect(store.stats().rows.book_snapshots).toBe(3)
  })

  it('keeps its buffer when a write fails and writes it on the next flush', () => {
    let fail = true
    const flaky: Store = Object.create(store) as Store
    flaky.writeBatch = (b: StoreBatch): WriteResult => {
      if (fail) throw new Error('SQLITE_FULL')
      return store.writeBatch(b)
    }
    const w = new StoreWriter(flaky, { maxRows: 1000 })
    w.handle([liq(1), liq(2)])
    expect(() => w.flush()).toThrow('SQLITE_FULL')
    fail = false
    expect(w.flush().written).toBe(2)
    expect(store.stats().rows.liquidations).toBe(2)
  })

  it('advances the bar checkpoint through streamed closed bars after committing them', async () => {
    store.writeBatch({
      checkpoints: [{ venue: 'binance', symbol: 'BTCUSDT', kind: 'bars', tf: '1m', lastTs: T0 }],
    })
    const bus = new InProcessBus()
    const w = new StoreWriter(store)
    w.attach(bus)
    const bar = (i: number, closed: boolean): MarketEvent => ({
      type: 'bar',
      venue: 'binance',
      symbol: 'BTCUSDT',
      tf: '1m',
      ts: T0 + i * 60_000,
      localTs: 0,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      closed,
    })
    await bus.publish([bar(1, true), bar(2, true), bar(3, false)])
    w.close()
    expect(store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')).toBe(T0 + 2 * 60_000)
  })
})
