import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MarketEvent } from '../core/events.ts'
import { LIVE_RETENTION } from '../server/sources/live.ts'
import { openStore } from './open-store.ts'
import { retainPeriodically } from './retention-timer.ts'
import type { Store } from './store.ts'

const T0 = Date.UTC(2026, 0, 1)
const HOUR = 3_600_000
const book = (ts: number): MarketEvent => ({
  type: 'book',
  venue: 'binance',
  symbol: 'BTCUSDT',
  ts,
  localTs: ts,
  bids: [[99, 1]],
  asks: [[101, 2]],
})
const oi = (ts: number): MarketEvent => ({
  type: 'open_interest',
  venue: 'binance',
  symbol: 'BTCUSDT',
  ts,
  localTs: ts,
  oi: 1000 + (ts % 7),
})

let store: Store
beforeEach(() => {
  store = openStore(':memory:')
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  store.close()
})

describe('retention on a timer (the live source)', () => {
  it('runs a minute after start, then hourly, and stops when told', () => {
    let clock = T0 + 30 * HOUR
    const lines: string[] = []
    // Books over the last 30 h; open interest every 3 s over the last 8 h.
    store.insertEvents(Array.from({ length: 30 }, (_, i) => book(T0 + i * HOUR)))
    store.insertEvents(Array.from({ length: 8 * 1200 }, (_, i) => oi(T0 + 22 * HOUR + i * 3000)))
    const count = (sql: string): number =>
      (store as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db
        .prepare(sql)
        .get().n
    const stop = retainPeriodically(store, LIVE_RETENTION, (l) => lines.push(l), {
      now: () => clock,
    })
    vi.advanceTimersByTime(59_000)
    expect(lines).toEqual([])
    vi.advanceTimersByTime(1_000)
    // Books older than 24 h are gone; open interest older than 6 h is thinned to a sample a minute.
    expect(count('SELECT COUNT(*) AS n FROM book_snapshots')).toBe(24)
    // The last 6 h as written (7 200), the 2 h before at two a minute (on the minute, and the
    // last inside it: 240).
    expect(count('SELECT COUNT(*) AS n FROM open_interest')).toBe(6 * 1200 + 2 * 120)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^retention: deleted .*books/)
    clock += HOUR
    store.insertEvents([book(clock)])
    vi.advanceTimersByTime(HOUR)
    expect(count('SELECT COUNT(*) AS n FROM book_snapshots')).toBe(24)
    stop()
    clock += 5 * HOUR
    vi.advanceTimersByTime(5 * HOUR)
    expect(count('SELECT COUNT(*) AS n FROM book_snapshots')).toBe(24)
  })

  it('a failed pass is logged and the timer keeps going', () => {
    const lines: string[] = []
    const broken = {
      applyRetention: () => {
        throw new Error('database is locked')
      },
    } as unknown as Store
    const stop = retainPeriodically(broken, LIVE_RETENTION, (l) => lines.push(l))
    vi.advanceTimersByTime(60_000 + 2 * HOUR)
    expect(lines).toEqual([
      'retention failed (tried again in an hour): database is locked',
      'retention failed (tried again in an hour): database is locked',
      'retention failed (tried again in an hour): database is locked',
    ])
    stop()
  })
})
