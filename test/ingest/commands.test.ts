import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runBackfillCommand } from '../../src/cli/commands/backfill.ts'
import { runCollect } from '../../src/cli/commands/collect.ts'
import { runImport } from '../../src/cli/commands/import.ts'
import { run } from '../../src/cli/main.ts'
import { ExchangeError } from '../../src/core/errors.ts'
import { openStore } from '../../src/store/open-store.ts'
import { MIN, createFakeVenue } from './fake-venue.ts'

const REAL = path.resolve(import.meta.dirname, '../../../shared/data/real')
const W1 = path.join(REAL, 'w1-2026-05-30m')

/** A stream that records what is written; `isTTY` decides the progress style. */
function sink(isTTY: boolean): {
  write: (s: string) => boolean
  isTTY: boolean
  columns: number
  text: () => string
} {
  let buf = ''
  return { isTTY, columns: 120, write: (s: string) => ((buf += s), true), text: () => buf }
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'liqheat-cmd-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('usage errors exit 2 and name the flag; bad data exits 1', () => {
  it.each([
    [['backfill', '--exchange', 'kraken', '--days', '3'], '--exchange'],
    [['backfill', '--exchange', 'okx'], '--days'],
    [['backfill', '--exchange', 'okx', '--days', '-1'], '--days'],
    [['backfill', '--exchange', 'okx', '--days', '2', '--kinds', 'bars,trades'], '--kinds'],
    [['backfill', '--exchange', 'okx', '--days', '2', '--tf', '7x'], '--tf'],
    [['collect', '--exchanges', 'binance,ftx'], '--exchanges'],
    [['collect', '--lookback', 'forever'], '--lookback'],
    [['import', '--venue', 'mtgox', W1], '--venue'],
  ])('%j', async (argv, flag) => {
    const err: string[] = []
    const orig = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((s: string) => (
      err.push(String(s)),
      true
    )) as typeof process.stderr.write
    try {
      expect(await run([...argv, '--db', path.join(dir, 'x.db')])).toBe(2)
    } finally {
      process.stderr.write = orig
    }
    expect(err.join('')).toContain(flag)
  })

  it('a missing folder is a data error (exit 1)', async () => {
    const orig = process.stderr.write.bind(process.stderr)
    process.stderr.write = (() => true) as typeof process.stderr.write
    try {
      expect(await run(['import', path.join(dir, 'nope'), '--db', path.join(dir, 'x.db')])).toBe(1)
    } finally {
      process.stderr.write = orig
    }
  })
})

describe.skipIf(!existsSync(W1))('liqheat import', () => {
  it('stores a folder once: the second import writes nothing', async () => {
    const db = path.join(dir, 'i.db')
    const out = sink(false)
    const first = await runImport(W1, { db }, { out, err: sink(false) })
    expect(first.written).toBe(first.rows)
    expect(out.text()).toMatch(/1,748 rows, 1,748 new or changed, 0 already stored/)
    const again = sink(false)
    await runImport(W1, { db }, { out: again, err: sink(false) })
    expect(again.text()).toMatch(/1,748 rows, 0 new or changed, 1,748 already stored/)
  })
})

describe('liqheat backfill', () => {
  it('fills the span with a progress bar, then resumes from the checkpoint', async () => {
    const now = Date.UTC(2026, 4, 1, 0, 0, 30)
    const venue = createFakeVenue({ venue: 'bybit', now: () => now, pageSize: 200 })
    const db = path.join(dir, 'b.db')
    const err = sink(true)
    const out = sink(false)
    const slow = {
      ...venue,
      backfill: async function* (o: Parameters<typeof venue.backfill>[0]) {
        for await (const page of venue.backfill(o)) {
          await new Promise((r) => setTimeout(r, 15))
          yield page
        }
      },
    }
    await runBackfillCommand(
      { exchange: 'bybit', days: '2', db },
      { createSource: () => slow, now: () => now },
      { out, err },
    )
    const drawn = err.text().split('\r\u001b[K').filter(Boolean)
    expect(drawn.length).toBeGreaterThan(1)
    expect(drawn[1]).toMatch(
      /^\[#*-*\] +\d+% {2}bybit BTCUSDT bars 1m {2}[\d,]+ rows {2}[\d,]+ rows\/s {2}ETA \d+s/,
    )
    expect(out.text()).toMatch(/bybit BTCUSDT bars 1m: 2,880 rows, 2,880 new or changed/)
    expect(out.text()).toMatch(/bybit BTCUSDT funding: 6 rows/)
    const store = openStore(db)
    expect(store.getCheckpoint('bybit', 'BTCUSDT', 'bars', '1m')).toBe(
      Math.floor(now / MIN) * MIN - MIN,
    )
    store.close()
    const again = sink(false)
    await runBackfillCommand(
      { exchange: 'bybit', days: '2', db },
      { createSource: () => venue, now: () => now + 1000 },
      { out: again, err: sink(false) },
    )
    // Only the still-forming bar is fetched again; nothing new is written.
    expect(again.text()).toMatch(/bars 1m: 1 rows, 0 new or changed/)
    expect(again.text()).toMatch(/1 rows received, 0 new or changed/)
  })
})

describe('liqheat backfill on a venue without some history', () => {
  it('says which kind is not available and still fills the others', async () => {
    const now = Date.UTC(2026, 4, 1)
    const venue = createFakeVenue({ venue: 'hyperliquid', now: () => now })
    const noOi = {
      ...venue,
      backfill: (o: Parameters<typeof venue.backfill>[0]) => {
        if (o.kind === 'open_interest')
          throw new ExchangeError('hyperliquid has no open-interest history')
        return venue.backfill(o)
      },
    }
    const out = sink(false)
    const db = path.join(dir, 'h.db')
    await runBackfillCommand(
      { exchange: 'hyperliquid', days: '1', db },
      { createSource: () => noOi, now: () => now },
      { out, err: sink(false) },
    )
    expect(out.text()).toMatch(
      /hyperliquid BTCUSDT open interest: not available: hyperliquid has no open-interest history/,
    )
    expect(out.text()).toMatch(/hyperliquid BTCUSDT funding: 3 rows/)
  })
})

describe('liqheat collect', () => {
  it('prints one status line per stream and a summary, and stores what it collected', async () => {
    const real0 = Date.now()
    const now = (): number => Date.UTC(2026, 4, 1) + (Date.now() - real0) * 1000
    const db = path.join(dir, 'c.db')
    const err = sink(false)
    const out = sink(false)
    const ac = new AbortController()
    await runCollect(
      { exchanges: 'okx', db, lookback: '2h', statusEvery: '1s', duration: '2s' },
      { createSource: (v) => createFakeVenue({ venue: v, now }), now, signal: ac.signal },
      { out, err },
    )
    expect(err.text()).toMatch(
      /okx bars:BTCUSDT +open +last msg [\d.]+s ago +[\d,]+ msgs +[\d,]+ rows stored +0 reconnects/,
    )
    expect(out.text()).toMatch(/stopped: [\d,]+ rows written/)
    const store = openStore(db)
    const bars = store.stats().rows.bars
    store.close()
    expect(bars).toBeGreaterThan(120)
  })
})
