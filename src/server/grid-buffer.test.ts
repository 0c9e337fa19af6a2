import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { HeatmapGrid } from '../model/types.ts'
import { GridBuffer } from './grid-buffer.ts'
import { withColumn } from './heatmap-service.ts'

const rows = 4
const T = 60_000

function base(n: number): HeatmapGrid {
  const long = new Float32Array(n * rows).map((_, i) => (i * 7) % 13)
  const short = new Float32Array(n * rows).map((_, i) => (i * 5) % 11)
  let maxCell = 0
  for (let i = 0; i < long.length; i++) maxCell = Math.max(maxCell, long[i] + short[i])
  return {
    symbol: 'X',
    times: [...Array(n).keys()].map((c) => c * T),
    columnMs: T,
    rows,
    priceMin: 1,
    priceMax: 2,
    long,
    short,
    maxCell,
    candles: [...Array(n).keys()].map((c) => ({ ts: c * T, open: 1, high: 1, low: 1, close: 1 })),
    filter: {},
  }
}

describe('GridBuffer', () => {
  it('matches copying the grid for any sequence of new, replaced and slid columns', () => {
    const op = fc.record({
      replace: fc.boolean(),
      value: fc.integer({ min: 0, max: 40 }),
      slide: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 400 }), (n, ops) => {
        let copy = base(n)
        const buf = new GridBuffer(copy)
        let from = 0
        for (const o of ops) {
          const last = copy.times[copy.times.length - 1]
          const time = o.replace ? last : last + T
          from = Math.min(from + o.slide * T, time)
          const col = {
            long: new Float32Array(rows).fill(o.value),
            short: new Float32Array(rows).fill(o.value / 2),
          }
          const candle = { ts: time, open: o.value, high: o.value, low: o.value, close: o.value }
          copy = withColumn(copy, col, time, candle, from)
          buf.put(col, time, candle, from)
        }
        const g = buf.grid()
        expect(g.times).toEqual(copy.times)
        expect(g.candles).toEqual(copy.candles)
        expect(Array.from(g.long)).toEqual(Array.from(copy.long))
        expect(Array.from(g.short)).toEqual(Array.from(copy.short))
        expect(g.maxCell).toBeCloseTo(copy.maxCell, 5)
      }),
      { numRuns: 200 },
    )
  })
})
