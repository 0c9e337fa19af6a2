import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MarketEvent } from '../../src/core/events.ts'
import { runBackfill, type BackfillSource } from '../../src/ingest/backfill.ts'
import { openStore } from '../../src/store/open-store.ts'
import type { Store } from '../../src/store/store.ts'
import { MIN, createFakeVenue } from './fake-venue.ts'
import { verifyStore } from './verify-store.ts'

const NOW = Date.UTC(2026, 3, 10, 12, 0, 30)
const DAY = 86_400_000
const venue = createFakeVenue({ venue: 'binance', now: () => NOW, pageSize: 300 })

/** The fake venue, failing with a network error after `pages` pages of its first call. */
function failingAfter(pages: number): BackfillSource & { calls: { from: number; to: number }[] } {
  const calls: { from: number; to: number }[] = []
  let first = true
  return {
    venue: 'binance',
    calls,
    async *backfill(opts) {
      calls.push({ from: opts.from, to: opts.to })
      const fail = first
      first = false
      let n = 0
      for await (const page of venue.backfill(opts) as AsyncIterable<MarketEvent[]>) {
        if (fail && n++ === pages) throw new Error('ECONNRESET')
        yield page
      }
    },
  }
}

let dir: string
let store: Store
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-backfill-'))
  store = openStore(join(dir, 'b.db'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('runBackfill', () => {
  it('resumes an interrupted run right after the checkpoint and ends complete', async () => {
    const src = failingAfter(3)
    const req = {
      source: src,
      store,
      symbol: 'BTCUSDT',
      kind: 'bars' as const,
      tf: '1m',
      from: NOW - DAY,
      to: NOW,
      resume: true,
    }
    await expect(runBackfill(req)).rejects.toThrow('ECONNRESET')
    const cp = store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')
    expect(cp).toBe(Math.ceil((NOW - DAY) / MIN) * MIN + (3 * 300 - 1) * MIN)
    const r = await runBackfill(req)
    expect(src.calls[1].from).toBe((cp ?? 0) + MIN)
    expect(r.startedAt).toBe((cp ?? 0) + MIN)
    const last = Math.floor(NOW / MIN) * MIN - MIN // the bar at NOW is still forming
    expect(r.checkpoint).toBe(last)
    const from = Math.ceil((NOW - DAY) / MIN) * MIN
    expect(
      verifyStore(store.path, {
        venue: 'binance',
        symbol: 'BTCUSDT',
        from,
        to: last + MIN,
        derivatives: false,
        liquidationsFrom: Infinity,
      }),
    ).toEqual([])
  })

  it('does nothing when the checkpoint already covers the span', async () => {
    const req = {
      source: venue,
      store,
      symbol: 'BTCUSDT',
      kind: 'funding' as const,
      from: NOW - 3 * DAY,
      to: NOW,
      resume: true,
    }
    const first = await runBackfill(req)
    expect(first.rows).toBe(9)
    const again = await runBackfill(req)
    expect(again.upToDate || again.rows === 0).toBe(true)
  })

  it('fetches only the older part when asked to reach further back', async () => {
    const calls: { from: number; to: number }[] = []
    const src: BackfillSource = {
      venue: 'binance',
      backfill: (o) => {
        calls.push({ from: o.from, to: o.to })
        return venue.backfill(o)
      },
    }
    const base = {
      source: src,
      store,
      symbol: 'BTCUSDT',
      kind: 'open_interest' as const,
      to: NOW,
      resume: true,
    }
    await runBackfill({ ...base, from: NOW - DAY })
    const cp = store.getCheckpointSpan('binance', 'BTCUSDT', 'open_interest')
    await runBackfill({ ...base, from: NOW - 3 * DAY })
    expect(calls[1]).toEqual({ from: NOW - 3 * DAY, to: cp?.firstTs })
    expect(calls.length === 2 || calls[2].from > (cp?.lastTs ?? 0)).toBe(true)
    expect(store.getCheckpointSpan('binance', 'BTCUSDT', 'open_interest')?.firstTs).toBe(
      NOW - 3 * DAY,
    )
    const step = 5 * MIN
    const want = Math.floor(NOW / step) - Math.ceil((NOW - 3 * DAY) / step) + 1
    expect(store.stats().rows.open_interest).toBe(want)
  })

  it('a gap fill away from the checkpoint stores rows but leaves the checkpoint alone', async () => {
    const base = { source: venue, store, symbol: 'BTCUSDT', kind: 'bars' as const, tf: '1m' }
    await runBackfill({ ...base, from: NOW - DAY, to: NOW - DAY / 2, resume: true })
    const cp = store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')
    await runBackfill({ ...base, from: NOW - 3600_000, to: NOW, resume: false })
    expect(store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')).toBe(cp)
    await runBackfill({ ...base, from: NOW - DAY / 2 - MIN, to: NOW - 3600_000, resume: false })
    // Now contiguous: the fill touching the checkpoint extends it through the later rows too.
    expect(store.getCheckpoint('binance', 'BTCUSDT', 'bars', '1m')).toBe(
      Math.floor(NOW / MIN) * MIN - MIN,
    )
  })
})
