/** fast-check arbitraries for model tests: random but valid bar sequences with open interest. @module */
import fc from 'fast-check'
import type { ModelBar } from './types.ts'

export interface BarSeqOptions {
  readonly minLength?: number
  readonly maxLength?: number
  readonly withOi?: boolean
}

/** A random walk of bars (1h apart) with OI that rises and falls and an optional taker split. */
export function barSequence(opts: BarSeqOptions = {}): fc.Arbitrary<ModelBar[]> {
  const step = fc.record({
    ret: fc.double({ min: -0.04, max: 0.04, noNaN: true }),
    up: fc.double({ min: 0, max: 0.02, noNaN: true }),
    down: fc.double({ min: 0, max: 0.02, noNaN: true }),
    doi: fc.double({ min: -0.05, max: 0.06, noNaN: true }),
    taker: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    vol: fc.double({ min: 1e5, max: 1e9, noNaN: true }),
  })
  return fc
    .tuple(
      fc.double({ min: 1000, max: 200_000, noNaN: true }),
      fc.array(step, { minLength: opts.minLength ?? 2, maxLength: opts.maxLength ?? 60 }),
    )
    .map(([start, steps]) => {
      let price = start
      let oi = 10_000
      return steps.map((s, i) => {
        const open = price
        const close = open * (1 + s.ret)
        const high = Math.max(open, close) * (1 + s.up)
        const low = Math.min(open, close) * (1 - s.down)
        oi = Math.max(1, oi * (1 + s.doi))
        price = close
        return {
          ts: Date.UTC(2025, 0, 1) + i * 3_600_000,
          open,
          high,
          low,
          close,
          oi: opts.withOi === false ? undefined : oi,
          takerBuyShare: s.taker,
          quoteVolume: s.vol,
        }
      })
    })
}
