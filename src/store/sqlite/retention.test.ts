import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UsageError } from '../../core/errors.ts'
import type { Venue } from '../../core/types.ts'
import { toModelBars } from '../../model/align.ts'
import { openStore } from '../open-store.ts'
import type { BarRow, OpenInterestRow, RetentionPolicy } from '../store.ts'
import type { SqliteStore } from './sqlite-store.ts'

const T0 = Date.UTC(2026, 0, 1)
const SEC = 1000
const MIN = 60_000
const HOUR = 3_600_000

let dir: string
let store: SqliteStore
let n = 0
const fresh = (): SqliteStore => openStore(join(dir, `r${n++}.db`)) as SqliteStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-retention-'))
  store = fresh()
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function oi(ts: number, venue: Venue = 'binance', symbol = 'BTCUSDT'): OpenInterestRow {
  return { venue, symbol, ts, oi: 1000 + (ts % 997), oiUsd: ts / 1e6 }
}

function stored(s: SqliteStore, venue: Venue = 'binance', symbol = 'BTCUSDT'): number[] {
  return (
    s.db
      .prepare('SELECT ts FROM open_interest WHERE venue = ? AND symbol = ? ORDER BY ts')
      .all(venue, symbol) as { ts: number }[]
  ).map((r) => r.ts - T0)
}

/** Everything in the open-interest table, in key order. */
function allRows(s: SqliteStore): unknown[] {
  return s.db.prepare('SELECT * FROM open_interest ORDER BY venue, symbol, ts').all()
}

function bars(venue: Venue, minutes: number): BarRow[] {
  return Array.from({ length: minutes }, (_, i) => ({
    venue,
    symbol: 'BTCUSDT',
    tf: '1m',
    ts: T0 + i * MIN,
    open: 100 + i,
    high: 102 + i,
    low: 99 + i,
    close: 101 + i,
    volume: 10,
    closed: true,
  }))
}

describe('open-interest thinning', () => {
  it('keeps minute-boundary, last-in-minute and first-after-silence samples, and all newer ones', () => {
    const cutoff = 9 * MIN + 59_500
    const older = {
      // on a minute, last in its minute, on a minute, last, first after a silence, last, first after a silence
      keep: [0, 57 * SEC, MIN, MIN + 6 * SEC, 4 * MIN + SEC, 4 * MIN + 5 * SEC, 9 * MIN + 30 * SEC],
      drop: [
        3 * SEC,
        6 * SEC,
        MIN + 3 * SEC,
        4 * MIN + 2 * SEC,
        9 * MIN + 58 * SEC,
        9 * MIN + 59 * SEC,
      ],
    }
    // r: newer than the cutoff but in the same minute as the last two older ones
    const newer = [9 * MIN + 59_800, 10 * MIN + SEC, 10 * MIN + 2 * SEC, 10 * MIN + 3 * SEC]
    const all = [...older.keep, ...older.drop, ...newer].map((t) => oi(T0 + t))
    store.writeBatch({
      openInterest: [
        ...all,
        // other series are thinned on their own: these two are the first and the last of theirs
        oi(T0 + 3 * SEC, 'bybit'),
        oi(T0 + 6 * SEC, 'bybit'),
        ...[3, 6, 9].map((s) => oi(T0 + s * SEC, 'binance', 'ETHUSDT')),
      ],
    })
    const r = store.applyRetention({ openInterestThinMs: HOUR }, T0 + cutoff + HOUR)
    expect(r.deleted).toEqual({ 'openInterest thinned': older.drop.length + 1 })
    expect(stored(store)).toEqual([...older.keep, ...newer].sort((a, b) => a - b))
    expect(stored(store, 'bybit')).toEqual([3 * SEC, 6 * SEC])
    expect(stored(store, 'binance', 'ETHUSDT')).toEqual([3 * SEC, 9 * SEC])
    // values survive untouched
    expect(allRows(store)).toContainEqual({
      venue: 'binance',
      symbol: 'BTCUSDT',
      ts: T0 + 57 * SEC,
      oi: oi(T0 + 57 * SEC).oi,
      oi_usd: oi(T0 + 57 * SEC).oiUsd,
    })
    // stable: a second pass (same store or a fresh connection) deletes nothing
    expect(store.applyRetention({ openInterestThinMs: HOUR }, T0 + cutoff + HOUR).deleted).toEqual({
      'openInterest thinned': 0,
    })
    const path = store.path
    store.close()
    store = openStore(path) as SqliteStore
    expect(store.applyRetention({ openInterestThinMs: HOUR }, T0 + cutoff + HOUR).deleted).toEqual({
      'openInterest thinned': 0,
    })
  })

  it('hourly passes leave exactly what one pass over everything leaves', () => {
    const rows: OpenInterestRow[] = []
    let seed = 1
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let t = T0; t < T0 + 5 * HOUR; t += 3 * SEC) {
      if (rnd() < 0.01) t += Math.floor(rnd() * 4 * MIN) // outages
      rows.push(oi(t + Math.floor(rnd() * 400)), oi(t + 1500, 'okx'))
    }
    const once = fresh()
    once.writeBatch({ openInterest: rows })
    store.writeBatch({ openInterest: rows })
    const policy = { openInterestThinMs: HOUR }
    let thinned = 0
    for (let h = 1; h <= 6; h++)
      thinned += store.applyRetention(policy, T0 + h * HOUR + 17 * SEC).deleted[
        'openInterest thinned'
      ]
    const r = once.applyRetention(policy, T0 + 6 * HOUR + 17 * SEC)
    expect(thinned).toBe(r.deleted['openInterest thinned'])
    expect(thinned).toBeGreaterThan(rows.length * 0.9)
    expect(allRows(store)).toEqual(allRows(once))
    once.close()
  })

  it("leaves the model's aligned open interest unchanged at 1m and 5m bars", () => {
    const span = 40 // minutes
    const series = fc.uniqueArray(
      fc.oneof(
        fc.integer({ min: 0, max: span * MIN }),
        fc.integer({ min: 0, max: span }).map((m) => m * MIN), // on a minute boundary
        fc.integer({ min: 0, max: span }).map((m) => m * MIN + 59_999),
        // a few seconds before a minute boundary (a 3 s poll's neighbours of the samples above)
        fc
          .tuple(fc.integer({ min: 1, max: span }), fc.integer({ min: 1, max: 12 }))
          .map(([m, s]) => m * MIN - s * 5 * SEC),
      ),
      { maxLength: 300 },
    )
    fc.assert(
      fc.property(
        series,
        series,
        fc.integer({ min: 0, max: (span + 2) * MIN }),
        // loaded spans, in 5-minute steps (so that 5m bars exist in them)
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 })), {
          maxLength: 3,
        }),
        (a, b, cutoff, spans) => {
          const s = fresh()
          try {
            s.writeBatch({
              bars: [...bars('binance', span), ...bars('bybit', span)],
              openInterest: [
                ...a.map((t, i) => ({ ...oi(T0 + t), oi: i + 1 })),
                ...b.map((t, i) => ({ ...oi(T0 + t, 'bybit'), oi: -(i + 1) })),
              ],
            })
            const views = (): unknown[] =>
              ['1m', '5m'].flatMap((tf) =>
                [[undefined, undefined] as const, ...spans].map(([from, len]) => {
                  const opts = {
                    symbol: 'BTCUSDT',
                    tf,
                    ...(from !== undefined && len !== undefined
                      ? { from: T0 + from * 5 * MIN, to: T0 + (from + len) * 5 * MIN }
                      : {}),
                  }
                  const model = toModelBars(s.loadMarket(opts)).map((x) => [
                    x.ts,
                    x.oi,
                    x.oiByVenue,
                  ])
                  const single = toModelBars(s.loadMarket({ ...opts, venue: 'binance' })).map(
                    (x) => x.oi,
                  )
                  return [model, single, lastBefore(s)]
                }),
              )
            const before = views()
            s.applyRetention({ openInterestThinMs: HOUR }, T0 + cutoff + HOUR)
            expect(views()).toEqual(before)
          } finally {
            s.close()
          }
        },
      ),
      { numRuns: 100 },
    )
  })
})

/** Per venue, the last sample strictly before each minute boundary (the server overlay's view). */
function lastBefore(s: SqliteStore): unknown[] {
  return (['binance', 'bybit'] as const).map((v) => {
    const rows = s.db
      .prepare('SELECT ts, oi FROM open_interest WHERE venue = ? ORDER BY ts')
      .all(v) as { ts: number; oi: number }[]
    const out: (number | undefined)[] = []
    let j = -1
    for (let e = T0; e <= T0 + 45 * MIN; e += MIN) {
      while (j + 1 < rows.length && rows[j + 1].ts < e) j++
      out.push(j >= 0 ? rows[j].oi : undefined)
    }
    return out
  })
}

describe('open-interest age limit', () => {
  it('deletes only rows older than the limit, in every series', () => {
    const ts = [0, MIN, 2 * MIN - 1, 2 * MIN, 3 * MIN]
    store.writeBatch({
      openInterest: ts.flatMap((t) => [oi(T0 + t), oi(T0 + t, 'okx', 'ETHUSDT')]),
    })
    const r = store.applyRetention({ openInterestMs: 10 * MIN }, T0 + 12 * MIN)
    expect(r.deleted).toEqual({ openInterest: 6 })
    expect(stored(store)).toEqual([2 * MIN, 3 * MIN])
    expect(stored(store, 'okx', 'ETHUSDT')).toEqual([2 * MIN, 3 * MIN])
  })
})

describe('retention policy', () => {
  const bad: [RetentionPolicy, string][] = [
    [{ openInterestMs: -1 }, 'openInterestMs'],
    [{ openInterestThinMs: NaN }, 'openInterestThinMs'],
    [{ openInterestThinMs: Infinity }, 'openInterestThinMs'],
    [{ booksMs: -3_600_000 }, 'booksMs'],
    [{ tradeBarsMs: NaN }, 'tradeBarsMs'],
    [{ liquidationsMs: -5 }, 'liquidationsMs'],
    [{ barsMs: { '1m': NaN } }, 'barsMs.1m'],
  ]
  it.each(bad)('refuses %j naming the field, deleting nothing', (policy, field) => {
    store.writeBatch({ openInterest: [oi(T0), oi(T0 + 1000)], bars: bars('binance', 2) })
    const err = (() => {
      try {
        store.applyRetention({ openInterestMs: 0, ...policy }, T0 + HOUR)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).flag).toBe(field)
    expect((err as Error).message).toMatch(new RegExp(`^retention ${field.replace('.', '\\.')}:`))
    expect(store.stats().rows).toMatchObject({ open_interest: 2, bars: 2 })
  })

  it('refuses a time that is not a number', () => {
    expect(() => store.applyRetention({ openInterestMs: 0 }, NaN)).toThrow(/retention now: NaN/)
  })

  it('rolls every part back when one fails', () => {
    store.writeBatch({
      openInterest: [0, 3, 6, 9].map((s) => oi(T0 + s * SEC)),
      books: [0, 1].map((i) => ({
        venue: 'binance' as const,
        symbol: 'BTCUSDT',
        ts: T0 + i,
        localTs: T0 + i,
        bids: [[99, 1] as const],
        asks: [[101, 1] as const],
      })),
    })
    store.db.exec(`CREATE TRIGGER boom BEFORE DELETE ON open_interest
      BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`)
    const policy = { booksMs: 0, openInterestThinMs: 0 }
    expect(() => store.applyRetention(policy, T0 + HOUR)).toThrow(/disk on fire/)
    expect(store.stats().rows).toMatchObject({ open_interest: 4, book_snapshots: 2 })
    // the failed pass did not count as done: the next one thins everything
    store.db.exec('DROP TRIGGER boom')
    expect(store.applyRetention(policy, T0 + HOUR).deleted).toEqual({
      books: 1,
      'openInterest thinned': 2,
    })
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })
})
