import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIN } from './fake-venue.ts'
import { runChild } from './spawn-child.ts'
import { verifyStore } from './verify-store.ts'

const HERE = import.meta.dirname
const T0 = Date.UTC(2025, 0, 1)
const SYMBOL = 'CRASHUSDT'
const ROWS = 1000
const BATCHES = 150
const KILLS = 6

/** Deterministic delays so a failure can be reproduced; spread over the write phase. */
function killDelays(seed: number, n: number, lo: number, hi: number): number[] {
  let x = seed
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return lo + (x % (hi - lo))
  })
}

/** Batches present in the database: per batch number, its bar and liquidation counts. */
function batchesIn(file: string): {
  integrity: string
  bars: Map<number, number>
  liqs: Map<number, number>
  checkpoint?: number
} {
  const db = new Database(file)
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }))
    const count = (table: string): Map<number, number> =>
      new Map(
        (
          db
            .prepare(
              `SELECT CAST((ts - ?) / ? AS INTEGER) AS k, COUNT(*) AS n FROM ${table} WHERE symbol = ? GROUP BY k`,
            )
            .all(T0, MIN * ROWS, SYMBOL) as { k: number; n: number }[]
        ).map((r) => [r.k, r.n]),
      )
    const tableExists =
      db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'bars'`).get() !== undefined
    if (!tableExists) return { integrity, bars: new Map(), liqs: new Map() }
    const cp = db
      .prepare(`SELECT last_ts FROM backfill_progress WHERE symbol = ? AND kind = 'bars'`)
      .get(SYMBOL) as { last_ts: number } | undefined
    return { integrity, bars: count('bars'), liqs: count('liquidations'), checkpoint: cp?.last_ts }
  } finally {
    db.close()
  }
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'liqheat-crash-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('crash safety (kill -9)', () => {
  it('keeps every committed batch whole, never a partial one, and resumes to the end without gap or duplicate', async () => {
    const file = join(dir, 'store.db')
    const env = { DB: file, ROWS: String(ROWS), BATCHES: String(BATCHES) }
    const committed = new Set<number>()
    let killedMidway = 0
    for (const delay of killDelays(7, KILLS, 20, 400)) {
      const run = await runChild(join(HERE, 'crash-child-store.ts'), env, {
        afterLine: 'committed',
        afterMs: delay,
      })
      if (run.lines.includes('done')) break
      expect(run.signal, run.stderr).toBe('SIGKILL')
      for (const l of run.lines) if (l.startsWith('committed ')) committed.add(Number(l.slice(10)))
      const got = batchesIn(file)
      expect(got.integrity).toBe('ok')
      const present = [...got.bars.keys()].sort((a, b) => a - b)
      // Every batch the child reported committed is there, whole.
      for (const k of committed) expect(got.bars.get(k)).toBe(ROWS)
      // No partial batch: whatever is there is whole, in both tables, and batches form a prefix.
      for (const k of present) {
        expect(got.bars.get(k)).toBe(ROWS)
        expect(got.liqs.get(k)).toBe(ROWS)
      }
      expect(present).toEqual(present.map((_, i) => i))
      // The checkpoint names exactly the last whole batch, so the restart resumes right after it.
      if (present.length > 0) expect(got.checkpoint).toBe(T0 + (present.length * ROWS - 1) * MIN)
      if (present.length > 0 && present.length < BATCHES) killedMidway++
    }
    expect(killedMidway).toBeGreaterThanOrEqual(2)
    const last = await runChild(join(HERE, 'crash-child-store.ts'), env)
    expect(last.lines, last.stderr).toContain('done')
    const resumedAt = Number(last.lines.find((l) => l.startsWith('resume '))?.slice(7))
    expect(resumedAt).toBeGreaterThan(0)
    const db = new Database(file)
    try {
      const n = db
        .prepare(
          'SELECT COUNT(*) AS n, COUNT(DISTINCT ts) AS d, MIN(ts) AS lo, MAX(ts) AS hi FROM bars WHERE symbol = ?',
        )
        .get(SYMBOL)
      expect(n).toEqual({
        n: ROWS * BATCHES,
        d: ROWS * BATCHES,
        lo: T0,
        hi: T0 + (ROWS * BATCHES - 1) * MIN,
      })
      const l = db.prepare('SELECT COUNT(*) AS n FROM liquidations WHERE symbol = ?').get(SYMBOL)
      expect(l).toEqual({ n: ROWS * BATCHES })
    } finally {
      db.close()
    }
  }, 120_000)

  it('a collector killed and restarted several times ends with no gap, no duplicate, nothing invented', async () => {
    const file = join(dir, 'collector.db')
    const SIM0 = Date.UTC(2026, 2, 1)
    const SPEED = 20_000
    const LOOKBACK = 6 * 3_600_000
    const real0 = Date.now()
    const env = {
      DB: file,
      SIM0: String(SIM0),
      REAL0: String(real0),
      SPEED: String(SPEED),
      END: String(SIM0 + 9_000 * SPEED),
      LOOKBACK_MS: String(LOOKBACK),
    }
    let firstStart: number | undefined
    let firstStream: number | undefined
    for (const delay of killDelays(11, 3, 200, 900)) {
      const run = await runChild(join(HERE, 'crash-child-collector.ts'), env, {
        afterLine: 'stream',
        afterMs: delay,
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      const started = run.lines.find((l) => l.startsWith('start '))
      const streamed = run.lines.find((l) => l.startsWith('stream '))
      if (started !== undefined) firstStart ??= Number(started.slice(6))
      if (streamed !== undefined) firstStream ??= Number(streamed.slice(7))
      const db = new Database(file)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    }
    const last = await runChild(join(HERE, 'crash-child-collector.ts'), env)
    expect(last.lines, last.stderr).toContain('done')
    expect(firstStart).toBeGreaterThan(SIM0)
    const db = new Database(file)
    const cp = db.prepare(`SELECT last_ts FROM backfill_progress WHERE kind = 'bars'`).get() as {
      last_ts: number
    }
    const gaps = db.prepare('SELECT reason, filled FROM stream_gaps').all() as {
      reason: string
      filled: number
    }[]
    db.close()
    expect(cp.last_ts).toBeGreaterThanOrEqual(SIM0 + 9_000 * SPEED - 2 * MIN)
    expect(
      gaps.filter((g) => g.reason === 'liqheat was not running').length,
    ).toBeGreaterThanOrEqual(3)
    expect(gaps.every((g) => g.filled === 1)).toBe(true)
    const from = Math.ceil(((firstStart ?? 0) - LOOKBACK) / MIN) * MIN
    const problems = verifyStore(file, {
      venue: 'okx',
      symbol: 'BTCUSDT',
      from,
      to: cp.last_ts + MIN,
      liquidationsFrom: firstStream ?? Infinity,
    })
    expect(problems).toEqual([])
  }, 120_000)
})
