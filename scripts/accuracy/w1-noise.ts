/**
 * How much of the Wasserstein-1 goal a market's lumpiness uses up, at each market size of the
 * market-size test (docs/accuracy.md, "Market size"; added after that test was run). Like the
 * correlation ceiling, it splits the positions into two fixed halves (`inHalf`) and compares the
 * halves' maps at each sample. Each half carries twice the whole's sampling noise, so if the noise
 * of a cumulative distribution scales with its standard deviation, W1(half, half) ≈ 2 × W1(truth,
 * its expected shape): half of it is an approximate floor that no map can beat. Approximate: it
 * is the scaling argument, not a bound.
 *
 * Also prints, at 100 000 traders, where the model's own error is: the notional-weighted mean
 * distance of each side's levels from the price (% of price), in the truth and in the model.
 *
 *   npx tsx scripts/accuracy/w1-noise.ts      # about 1 minute (10 000 and 100 000 traders)
 * @module
 */
import { truthEvalConfig } from '../../src/eval/truth/config.ts'
import { inHalf } from '../../src/eval/truth/ceiling.ts'
import { wasserstein1 } from '../../src/eval/truth/metrics.ts'
import { modelMaps } from '../../src/eval/truth/model-maps.ts'
import { sampleBars, truthSamples } from '../../src/eval/truth/samples.ts'
import { StandingTruth } from '../../src/eval/truth/truth-dist.ts'
import { toModelBars } from '../../src/model/index.ts'
import { scaleMarket, SCALE_TEST_SEEDS } from './method.ts'

if (process.argv.length > 2) {
  process.stderr.write('usage: npx tsx scripts/accuracy/w1-noise.ts   (takes no arguments)\n')
  process.exit(2)
}
const SIDES = ['long', 'short'] as const
/** Notional-weighted mean distance, in bins, of `a` (one side's bins) from bin `p`. */
const meanBins = (a: Float64Array, p: number): number => {
  let s = 0
  let w = 0
  a.forEach((x, i) => {
    s += x * Math.abs(i - p)
    w += x
  })
  return s / w
}
for (const traders of [10_000, 100_000]) {
  const mean = { long: 0, short: 0 }
  for (const seed of SCALE_TEST_SEEDS) {
    const sim = scaleMarket(seed, traders)
    const c = truthEvalConfig({})
    const bars = toModelBars(sim.market)
    const at = sampleBars(bars, 60_000, c)
    const samples = truthSamples(bars, 60_000, sim.truth, at, c)
    const st = new StandingTruth(sim.truth)
    const acc = { long: 0, short: 0 }
    for (const s of samples) {
      st.advanceTo(s.at)
      for (const side of SIDES) {
        const sign = side === 'long' ? 1 : -1
        const a = new Float64Array(c.bins)
        const b = new Float64Array(c.bins)
        st.histogram(sign, s.grid, a, inHalf)
        st.histogram(sign, s.grid, b, (id) => !inHalf(id))
        const [lo, hi] = side === 'long' ? [0, s.pIdx + 1] : [s.pIdx, c.bins]
        const w = wasserstein1(a.subarray(lo, hi), b.subarray(lo, hi), s.grid.step)
        acc[side] += ((w / s.price) * 100) / 2 / samples.length
      }
    }
    for (const side of SIDES) mean[side] += acc[side] / SCALE_TEST_SEEDS.length
    console.log(
      `${traders} traders, seed ${seed}: ${acc.long.toFixed(3)} / ${acc.short.toFixed(3)}`,
    )
    if (traders !== 100_000) continue
    const maps = modelMaps(bars, at, undefined, c)
    const d = { truth: { long: 0, short: 0 }, model: { long: 0, short: 0 } }
    samples.forEach((s, k) => {
      const pct = (s.grid.step / s.price) * 100
      for (const side of SIDES) {
        const [lo, hi, p] = side === 'long' ? [0, s.pIdx + 1, s.pIdx] : [s.pIdx, c.bins, 0]
        const n = samples.length
        d.truth[side] += (meanBins(s.truth[side].subarray(lo, hi), p) * pct) / n
        d.model[side] += (meanBins(maps[k][side].subarray(lo, hi), p) * pct) / n
      }
    })
    console.log(
      `  mean distance from the price, % (truth / model): long ${d.truth.long.toFixed(2)} / ` +
        `${d.model.long.toFixed(2)}, short ${d.truth.short.toFixed(2)} / ${d.model.short.toFixed(2)}`,
    )
  }
  console.log(`${traders} traders, mean: ${mean.long.toFixed(3)} / ${mean.short.toFixed(3)}`)
}
