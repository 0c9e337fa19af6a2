import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { simulate, TruthLog } from '../../sim/index.ts'
import { TRUTH_METRICS } from './config.ts'
import { evaluateAgainstTruth, formatTruthTable } from './evaluate.ts'
import { FlatLadderMap, uniformBandMap } from './naive-maps.ts'
import { StandingTruth } from './truth-dist.ts'

describe('StandingTruth', () => {
  it('keeps exactly the positions with entry < t ≤ exit, and realized liquidations by window', () => {
    const pos = fc.record({
      entry: fc.integer({ min: 0, max: 100 }),
      dur: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      long: fc.boolean(),
      liq: fc.integer({ min: 1, max: 9 }),
      reason: fc.integer({ min: 1, max: 4 }),
    })
    fc.assert(
      fc.property(
        fc.array(pos, { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 170 }), { maxLength: 8 }),
        (ps, ts) => {
          const sorted = [...ps].sort((a, b) => a.entry - b.entry)
          const log = new TruthLog(['binance'])
          for (const p of sorted) {
            const id = log.open(0, p.long ? 1 : -1, 10, p.entry, 5, 1000, 0, p.liq)
            if (p.dur !== undefined) log.close(id, p.entry + p.dur, 5, p.reason)
          }
          const st = new StandingTruth(log)
          const g = { priceMin: 0, step: 1, bins: 10 }
          let prev = -Infinity
          for (const t of [...ts].sort((a, b) => a - b)) {
            st.advanceTo(t)
            const long = new Float64Array(10)
            st.histogram(1, g, long)
            const want = new Float64Array(10)
            for (const p of sorted) {
              const exit = p.dur === undefined ? Infinity : p.entry + p.dur
              if (p.long && p.entry < t && exit >= t) want[p.liq] += p.liq // qty 1 × liq price
            }
            expect(Array.from(long)).toEqual(Array.from(want))
            const rl = new Float64Array(10)
            const rs = new Float64Array(10)
            const from = Math.max(prev, t - 20)
            const [tl, ts2] = st.realized(from, t, g, rl, rs)
            let wl = 0
            let ws = 0
            for (const p of sorted) {
              if (p.dur === undefined || p.reason !== 4) continue
              const exit = p.entry + p.dur
              if (exit >= from && exit < t) {
                if (p.long) wl += p.liq
                else ws += p.liq
              }
            }
            expect([tl, ts2]).toEqual([wl, ws])
            prev = t
          }
        },
      ),
    )
  })
})

describe('naive maps', () => {
  it('flat-ladder seeds an OI rise at close·(1 ∓ 1/L ± mmr) and a sweep removes what it reaches', () => {
    const m = new FlatLadderMap({ leverages: [10], mmr: 0.005, binPct: 0.01 })
    const g = { priceMin: 80, step: 1, bins: 40 }
    const bar = (ts: number, low: number, high: number, oi: number) => ({
      ts,
      open: 100,
      high,
      low,
      close: 100,
      oi,
    })
    m.append(bar(0, 99, 101, 10))
    m.append(bar(1, 99, 101, 12)) // +2 units × 100 → 100 USD each side
    const long = new Float64Array(40)
    const short = new Float64Array(40)
    m.map(g, long, short)
    expect(long[10]).toBeCloseTo(100, 6) // 90.5 in [90, 91)
    expect(short[29]).toBeCloseTo(100, 6) // 109.5 in [109, 110)
    m.append(bar(2, 90, 101, 12)) // low reaches the long level
    long.fill(0)
    short.fill(0)
    m.map(g, long, short)
    expect(long.reduce((a, b) => a + b, 0)).toBe(0)
    expect(short.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6)
  })

  it('uniform band fills bins within the band on each side of price', () => {
    const g = { priceMin: 80, step: 1, bins: 40 }
    const long = new Float64Array(40)
    const short = new Float64Array(40)
    uniformBandMap(100, 10, g, long, short)
    expect(long.reduce((a, b) => a + b, 0)).toBe(10) // bins centred 90.5 … 99.5
    expect(short.reduce((a, b) => a + b, 0)).toBe(10) // 100.5 … 109.5
  })
})

describe('evaluateAgainstTruth', () => {
  it('returns every metric for both sides with the model and both baselines', () => {
    const r = simulate({ seed: 4, days: 1.5, params: { traders: 2000, burnInDays: 0.5 } })
    const rows = evaluateAgainstTruth(r.market, r.truth, {
      warmupHours: 12,
      sampleEveryMinutes: 120,
    })
    expect(rows.map((x) => `${x.metric}/${x.side}`)).toEqual(
      TRUTH_METRICS.flatMap((m) => [`${m}/long`, `${m}/short`]),
    )
    for (const row of rows) {
      expect(row.samples).toBe(13) // closes at 12 h, 14 h, …, 36 h
      expect(Object.keys(row.baselines)).toEqual(['flat-ladder', 'uniform-band'])
      if (row.metric === 'wasserstein1_pct') {
        expect(row.model).toBeGreaterThan(0)
        expect(row.baselines['uniform-band']).toBeGreaterThan(0)
      }
      if (row.metric === 'binned_corr') expect(Math.abs(row.model)).toBeLessThanOrEqual(1)
      if (row.metric === 'top_decile_share') expect(row.model).toBeGreaterThanOrEqual(0)
    }
    expect(formatTruthTable(rows).split('\n')).toHaveLength(9)
    // A ceiling below the goal adds one note naming the sides; at or above it, nothing.
    const withCeiling = (c: number) =>
      rows.map((row) => (row.metric === 'binned_corr' ? { ...row, ceiling: c } : row))
    const low = formatTruthTable(withCeiling(0.66)).split('\n')
    expect(low).toHaveLength(10)
    expect(low[9]).toMatch(/^note: the ceiling \(long 0\.660, short 0\.660\).*too small/)
    expect(formatTruthTable(withCeiling(0.93)).split('\n')).toHaveLength(9)
    expect(() => evaluateAgainstTruth(r.market, r.truth, { bins: 0 })).toThrow(/--bins/)
  })
})
