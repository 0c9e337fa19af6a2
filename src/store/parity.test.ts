import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataDir } from '../data/index.ts'
import { importDir } from '../ingest/import-dir.ts'
import { openStore } from './open-store.ts'
import type { Store } from './store.ts'

const REAL = path.resolve(import.meta.dirname, '../../../shared/data/real')
const SETS = ['w1-2026-05-30m', 'w4-2025-10-5m', 'w2-2025-11-1h', 'w3-2024-bybit-events'] as const
const have = SETS.every((s) => existsSync(path.join(REAL, s)))
if (!have) console.warn(`parity test skipped: real data not found under ${REAL}`)

/** Span covering every row of a loaded folder: [min ts, max ts + 1). */
function spanOf(d: Awaited<ReturnType<typeof loadDataDir>>): { from: number; to: number } {
  const ts = [d.bars, d.openInterest, d.funding, d.liquidationEvents, d.liquidationBars].flatMap(
    (s) => s.map((x) => x.ts),
  )
  return { from: Math.min(...ts), to: Math.max(...ts) + 1 }
}

describe.skipIf(!have)('store parity with the file importer (real data)', () => {
  let dir: string
  let store: Store
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liqheat-parity-'))
    store = openStore(path.join(dir, 'liqheat.db'))
    for (const s of SETS) await importDir(store, path.join(REAL, s))
  })
  afterAll(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const set of SETS) {
    it(`loadMarket equals loadDataDir for ${set}`, async () => {
      const files = await loadDataDir(path.join(REAL, set))
      const tf = files.report.timeframe
      const db = store.loadMarket({ symbol: files.symbol, tf, ...spanOf(files) })
      expect(db.symbol).toBe(files.symbol)
      expect(db.timeframeMs).toBe(files.timeframeMs)
      expect(db.bars.length).toBeGreaterThan(100)
      expect(db.bars).toStrictEqual(files.bars)
      expect(db.openInterest).toStrictEqual(files.openInterest)
      expect(db.funding).toStrictEqual(files.funding)
      expect(db.liquidationEvents).toStrictEqual(files.liquidationEvents)
      expect(db.liquidationBars).toStrictEqual(files.liquidationBars)
      expect(db.report.inputsUsed).toEqual(files.report.inputsUsed)
    })
  }

  it('re-importing writes nothing', async () => {
    const before = store.stats().rows
    const r = await importDir(store, path.join(REAL, SETS[0]))
    expect(r.written).toBe(0)
    expect(r.duplicates).toBe(r.rows)
    expect(store.stats().rows).toEqual(before)
  })

  it('a database holding only one folder needs no span to match', async () => {
    const one = openStore(path.join(dir, 'one.db'))
    try {
      await importDir(one, path.join(REAL, SETS[1]))
      const files = await loadDataDir(path.join(REAL, SETS[1]))
      const db = one.loadMarket({ symbol: 'BTCUSDT' })
      expect(db.bars).toStrictEqual(files.bars)
      expect(db.funding).toStrictEqual(files.funding)
      expect(db.report.counts).toEqual(files.report.counts)
    } finally {
      one.close()
    }
  })
})
