import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { historyStart } from './hourly.ts'
import { LiquidationModel } from './model.ts'
import { barSequence } from './test-bars.ts'
import type { ModelBar } from './types.ts'

const MIN = 60_000
const HOUR = 60 * MIN

/** The bars of `seq`, re-timed with the given gaps (so hours are skipped or hold many bars). */
function retime(seq: ModelBar[], gaps: number[]): ModelBar[] {
  let ts = Date.UTC(2025, 0, 1, 0, 7)
  return seq.map((b, i) => {
    if (i > 0) ts += gaps[i % gaps.length]
    return { ...b, ts }
  })
}

/** Everything a query can see of the growth measure and the clusters. */
const view = (m: LiquidationModel) =>
  JSON.stringify({ past: m.pastSnapshot(), clusters: m.clusters(), map: m.map() }, (_, v) =>
    v instanceof Float32Array ? Array.from(v) : v,
  )

describe('appendHistory', () => {
  it('leaves the same state and queries as appending bar by bar, whatever the gaps and window', () => {
    fc.assert(
      fc.property(
        barSequence({ minLength: 2, maxLength: 90 }),
        fc.array(fc.constantFrom(MIN, 5 * MIN, 25 * MIN, HOUR, 2 * HOUR, 7 * HOUR), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom(0.5, 1.5, 3, 24),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seq, gaps, freshHours, a, b) => {
          const bars = retime(seq, gaps)
          const from = Math.floor(a * bars.length)
          const to = from + Math.floor(b * (bars.length - from))
          const one = new LiquidationModel({}, { freshHours })
          const hist = new LiquidationModel({}, { freshHours })
          for (let i = 0; i < from; i++) one.append(bars[i])
          for (let i = 0; i < from; i++) hist.append(bars[i])
          for (let i = from; i < to; i++) one.append(bars[i])
          hist.appendHistory(bars, from, to)
          expect(view(hist)).toBe(view(one))
          // and it goes on the same way afterwards
          for (let i = to; i < bars.length; i++) one.append(bars[i])
          for (let i = to; i < bars.length; i++) hist.append(bars[i])
          expect(view(hist)).toBe(view(one))
          expect(hist.ledger).toEqual(one.ledger)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('historyStart', () => {
  it('keeps snapshots from the hour of the last bar at or before last − window − 1 h', () => {
    const hourly = Array.from({ length: 48 }, (_, i) => ({ ts: i * HOUR + 5 * MIN }))
    // last 47:05, window 3 h → cut 43:05 → that bar's hour, 43:00
    expect(historyStart(hourly, 48, 3 * HOUR)).toBe(43 * HOUR)
    expect(historyStart(hourly, 10, 3 * HOUR)).toBe(5 * HOUR)
    // nothing that old: keep everything
    expect(historyStart(hourly, 4, 3 * HOUR)).toBe(-Infinity)
    expect(historyStart(hourly, 0, 3 * HOUR)).toBe(-Infinity)
  })
})
