import { describe, expect, it } from 'vitest'
import { TruthLog } from '../../sim/index.ts'
import { correlationCeiling, inHalf } from './ceiling.ts'

const grid = { priceMin: 90, step: 1, bins: 20 }
const at = 1_000

/** A log of long positions: `perBin[k]` positions of one lot with liquidation in bin k. */
function logOf(perBin: readonly number[], qty: (id: number) => number): TruthLog {
  const log = new TruthLog(['binance'])
  perBin.forEach((n, k) => {
    for (let j = 0; j < n; j++) {
      const id = log.length
      log.open(0, 1, 10, 0, 100, qty(id), 0, 90 + k + 0.5)
    }
  })
  return log
}

describe('binned-correlation ceiling', () => {
  it('splits the ids about evenly', () => {
    let n = 0
    for (let id = 0; id < 10_000; id++) if (inHalf(id)) n++
    expect(Math.abs(n - 5000)).toBeLessThan(150)
  })

  it('is 1 for a smooth truth (many equal positions per bin) and low for a lumpy one', () => {
    const shape = [0, 1, 2, 4, 8, 12, 16, 12, 8, 4, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    const smooth = logOf(
      shape.map((x) => x * 200),
      () => 1,
    )
    const c1 = correlationCeiling(smooth, [{ at, grid, pIdx: 19 }])
    expect(c1.long).toBeGreaterThan(0.99)
    expect(Number.isNaN(c1.short)).toBe(true) // no shorts
    // The same expected shape made of one position per bin with heavy-tailed sizes.
    const lumpy = logOf(
      shape.map((x) => (x > 0 ? 2 : 0)),
      (id) => (id % 7 === 0 ? 500 : 1),
    )
    const c2 = correlationCeiling(lumpy, [{ at, grid, pIdx: 19 }])
    expect(c2.long).toBeLessThan(0.9)
  })
})
