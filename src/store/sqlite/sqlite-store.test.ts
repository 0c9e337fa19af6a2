import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DataError } from '../../core/errors.ts'
import type { BarEvent, LiquidationOrderEvent, MarketEvent } from '../../core/events.ts'
import { openStore } from '../open-store.ts'
import type { Store } from '../store.ts'
import { MIGRATIONS, SCHEMA_VERSION, migrate } from './migrations.ts'
import { SqliteStore } from './sqlite-store.ts'

const T0 = Date.UTC(2026, 0, 1)
const MIN = 60_000

function bar(i: number, over: Partial<BarEvent> = {}): BarEvent {
  const p = 100 + i
  return {
    type: 'bar',
    venue: 'binance',
    symbol: 'BTCUSDT',
    tf: '1m',
    ts: T0 + i * MIN,
    localTs: T0 + i * MIN + 61_000,
    open: p,
    high: p + 2,
    low: p - 1,
    close: p + 1,
    volume: 10 + i,
    quoteVolume: (10 + i) * p,
    closed: true,
    ...over,
  }
}

function liq(i: number, over: Partial<LiquidationOrderEvent> = {}): LiquidationOrderEvent {
  return {
    type: 'liquidation',
    venue: 'bybit',
    symbol: 'BTCUSDT',
    ts: T0 + i * 1000,
    localTs: T0 + i * 1000 + 50,
    side: i % 2 === 0 ? 'long' : 'short',
    price: 100 + i,
    priceKind: 'bankruptcy',
    qty: 0.5,
    usd: (100 + i) * 0.5,
    coverage: 'complete',
    ...over,
  }
}

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-store-'))
  store = openStore(join(dir, 'sub', 'test.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('openStore', () => {
  it('creates the folder, uses WAL with synchronous=NORMAL and records the schema version', () => {
    const db = (store as SqliteStore).db
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(store.stats().schemaVersion).toBe(SCHEMA_VERSION)
  })

  it('applies each migration once and refuses a newer schema', () => {
    const file = join(dir, 'm.db')
    const db = new Database(file)
    const extra = [
      ...MIGRATIONS,
      { version: 99, name: 'test', sql: 'CREATE TABLE t99 (x INTEGER)' },
    ]
    expect(migrate(db, file, extra)).toEqual([...MIGRATIONS.map((m) => m.version), 99])
    expect(migrate(db, file, extra)).toEqual([])
    db.close()
    expect(() => openStore(file)).toThrow(/schema version 99 is newer/)
  })

  it('refuses a file that is not a database', () => {
    const file = join(dir, 'junk.db')
    writeFileSync(file, 'this is not sqlite, just text '.repeat(200))
    expect(() => openStore(file)).toThrow(DataError)
  })
})

describe('insertEvents', () => {
  it('is idempotent: the same batch twice stores each row once', () => {
    const events: MarketEvent[] = [bar(0), bar(1), liq(0), liq(1)]
    expect(store.insertEvents(events)).toMatchObject({ written: 4, duplicates: 0 })
    expect(store.insertEvents(events)).toMatchObject({ written: 0, duplicates: 4 })
    expect(store.stats().rows.bars).toBe(2)
    expect(store.stats().rows.liquidations).toBe(2)
  })

  it('keeps liquidations that differ in any natural-key field', () => {
    store.insertEvents([liq(0), liq(0, { qty: 0.25, usd: 25 }), liq(0, { side: 'short' }), liq(0)])
    expect(store.stats().rows.liquidations).toBe(3)
  })

  it('updates a forming bar, and never lets a forming bar overwrite a closed one', () => {
    store.insertEvents([bar(0, { closed: false, close: 101, high: 102 })])
    store.insertEvents([bar(0, { closed: false, close: 103, high: 103 })])
    const closed = bar(0, { close: 102.5, high: 103 })
    store.insertEvents([closed])
    const late = store.insertEvents([bar(0, { closed: false, close: 99, low: 98 })])
    expect(late.written).toBe(0)
    const b = (store as SqliteStore).db.prepare('SELECT close, low, closed FROM bars').get()
    expect(b).toEqual({ close: 102.5, low: closed.low, closed: 1 })
  })

  it('keeps a stored taker split when a re-sent bar has none', () => {
    store.insertEvents([bar(0, { takerBuyVolume: 4, takerBuyQuoteVolume: 400 })])
    store.insertEvents([bar(0, { close: 100.5 })])
    const b = (store as SqliteStore).db
      .prepare('SELECT close, taker_buy_volume AS t FROM bars')
      .get()
    expect(b).toEqual({ close: 100.5, t: 4 })
  })

  it('stores settled funding only and counts trades and predicted funding as ignored', () => {
    const r = store.insertEvents([
      {
        type: 'funding',
        venue: 'okx',
        symbol: 'BTCUSDT',
        ts: T0,
        localTs: T0,
        rate: 1e-4,
        intervalHours: 8,
        predicted: false,
      },
      {
        type: 'funding',
        venue: 'okx',
        symbol: 'BTCUSDT',
        ts: T0 + 1,
        localTs: T0,
        rate: 2e-4,
        intervalHours: 8,
        predicted: true,
      },
      {
        type: 'trade',
        venue: 'okx',
        symbol: 'BTCUSDT',
        ts: T0,
        localTs: T0,
        id: '1',
        price: 1,
        qty: 1,
        takerSide: 'buy',
      },
    ])
    expect(r).toEqual({ written: 1, duplicates: 0, ignored: 2 })
    expect(store.stats().rows.funding).toBe(1)
  })

  it('rolls the whole batch back when one row is invalid', () => {
    const bad = liq(5, { side: 'sideways' as 'long' })
    expect(() => store.insertEvents([bar(0), liq(1), bad])).toThrow()
    expect(store.stats().rows.bars).toBe(0)
    expect(store.stats().rows.liquidations).toBe(0)
  })
})

describe('checkpoints and gaps', () => {
  it('moves checkpoints forward only', () => {
    const cp = { venue: 'binance', symbol: 'BTCUSDT', kind: 'funding', tf: '' } as const
    store.writeBatch({ checkpoints: [{ ...cp, lastTs: 500 }] })
    store.writeBatch({ checkpoints: [{ ...cp, lastTs: 300 }] })
    expect(store.getCheckpoint('binance', 'BTCUSDT', 'funding')).toBe(500)
  })

  it('advances the bar checkpoint through contiguous closed bars only', () => {
    store.insertEvents([0, 1, 2, 3, 5, 6].map((i) => bar(i)))
    store.insertEvents([bar(4, { closed: false })])
    expect(store.advanceBarCheckpoint('binance', 'BTCUSDT', '1m')).toBeUndefined()
    store.writeBatch({
      checkpoints: [{ venue: 'binance', symbol: 'BTCUSDT', kind: 'bars', tf: '1m', lastTs: T0 }],
    })
    expect(store.advanceBarCheckpoint('binance', 'BTCUSDT', '1m')).toBe(T0 + 3 * MIN)
    store.insertEvents([bar(4)])
    expect(store.advanceBarCheckpoint('binance', 'BTCUSDT', '1m')).toBe(T0 + 6 * MIN)
    expect(store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')).toBe(T0 + 6 * MIN)
  })

  it('records, lists and fills gaps', () => {
    const id = store.recordGap({ venue: 'okx', from: T0, to: T0 + MIN, reason: 'socket closed' })
    expect(store.gaps({ open: true })).toEqual([
      {
        id,
        venue: 'okx',
        symbol: undefined,
        from: T0,
        to: T0 + MIN,
        reason: 'socket closed',
        filled: false,
      },
    ])
    store.markGapFilled(id)
    expect(store.gaps({ open: true })).toEqual([])
    expect(store.gaps({ venue: 'okx' })[0].filled).toBe(true)
  })

  it('keeps the latest heartbeat per venue', () => {
    store.writeBatch({ heartbeats: [{ venue: 'okx', ts: 10, localTs: 20 }] })
    store.writeBatch({ heartbeats: [{ venue: 'okx', ts: 5, localTs: 30 }] })
    expect(store.heartbeat('okx')).toEqual({ venue: 'okx', ts: 10, localTs: 30 })
    expect(store.heartbeat('bybit')).toBeUndefined()
  })
})

describe('retention', () => {
  it('deletes old 1m bars and books, keeping the latest book when booksMs is 0', () => {
    store.insertEvents([0, 1, 2, 3].map((i) => bar(i)))
    store.insertEvents([bar(0, { tf: '5m' })])
    const book = (ts: number): MarketEvent => ({
      type: 'book',
      venue: 'binance',
      symbol: 'BTCUSDT',
      ts,
      localTs: ts,
      bids: [[99, 1]],
      asks: [[101, 2]],
    })
    store.insertEvents([book(T0), book(T0 + 1000), book(T0 + 2000)])
    const r = store.applyRetention({ barsMs: { '1m': 2 * MIN }, booksMs: 0 }, T0 + 4 * MIN)
    expect(r.deleted).toEqual({ 'bars 1m': 2, books: 2 })
    expect(store.inventory().map((x) => [x.tf, x.bars])).toEqual([
      ['1m', 2],
      ['5m', 1],
    ])
    expect(store.latestBook('binance', 'BTCUSDT')).toMatchObject({ ts: T0 + 2000, bids: [[99, 1]] })
  })
})

describe('read-only open', () => {
  it('reads a database and refuses writes', () => {
    store.insertEvents([bar(0)])
    const ro = openStore(store.path, { readonly: true })
    expect(ro.inventory()).toHaveLength(1)
    expect(() => ro.insertEvents([bar(1)])).toThrow(/read-only/)
    ro.close()
  })

  it('fails clearly when the file is missing', () => {
    expect(() => openStore(join(dir, 'nope.db'), { readonly: true })).toThrow(
      /nope\.db: cannot open/,
    )
  })
})

describe('read-only open after a clean close', () => {
  it('reads a WAL database whose -wal and -shm files are gone', () => {
    store.insertEvents([bar(0), bar(1)])
    store.close()
    const ro = openStore(store.path, { readonly: true })
    try {
      expect(ro.loadMarket({ symbol: 'BTCUSDT' }).bars).toHaveLength(2)
    } finally {
      ro.close()
    }
  })
})
