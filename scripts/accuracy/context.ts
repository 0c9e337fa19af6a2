/**
 * Context for the simulated-market tables, on the unseen test seeds, with the samples and grid of
 * evaluateAgainstTruth:
 * - the top-decile share of the *true* standing distribution itself (a map equal to the truth);
 * - the Wasserstein-1 of a *static oracle*: each seed's true distribution averaged over its
 *   samples in distance-from-price coordinates, placed at every sample. A map that knew the
 *   average shape exactly but nothing about the path would score this.
 *
 *   npx tsx scripts/accuracy/context.ts
 * @module
 */
import { StandingTruth, topShareCaptured, wasserstein1 } from '../../src/eval/truth/index.ts'
import { toModelBars } from '../../src/model/index.ts'
import { simMarket, SIM_TEST_SEEDS } from './method.ts'

const BINS = 200
const RANGE = 0.15
let capL = 0
let capS = 0
let totL = 0
let totS = 0
let w1L = 0
let w1S = 0
let nW = 0
for (const seed of SIM_TEST_SEEDS) {
  // per side, distance-from-price profiles (bin k = k bins away from the price bin)
  const profs: { long: Float64Array; short: Float64Array; step: number }[] = []
  const sim = simMarket(seed)
  const bars = toModelBars(sim.market)
  const tf = sim.market.timeframeMs
  const t0 = bars[0].ts
  const st = new StandingTruth(sim.truth)
  const rel = new StandingTruth(sim.truth)
  for (const b of bars) {
    const T = b.ts + tf
    if (T - t0 < 48 * 3_600_000 || (T - t0) % 3_600_000 !== 0) continue
    const price = b.close
    const g = { priceMin: price * (1 - RANGE), step: (2 * RANGE * price) / BINS, bins: BINS }
    const pIdx = Math.min(BINS - 1, Math.floor((price - g.priceMin) / g.step))
    const tl = new Float64Array(BINS)
    const ts = new Float64Array(BINS)
    st.advanceTo(T)
    st.histogram(1, g, tl)
    st.histogram(-1, g, ts)
    const rl = new Float64Array(BINS)
    const rs = new Float64Array(BINS)
    const [a, z] = rel.realized(T, T + 24 * 3_600_000, g, rl, rs, T)
    totL += a
    totS += z
    capL += topShareCaptured(tl.subarray(0, pIdx + 1), rl.subarray(0, pIdx + 1), 0.1)
    capS += topShareCaptured(ts.subarray(pIdx), rs.subarray(pIdx), 0.1)
    const long = new Float64Array(BINS)
    const short = new Float64Array(BINS)
    for (let k = 0; k <= pIdx; k++) long[k] = tl[pIdx - k]
    for (let k = 0; pIdx + k < BINS; k++) short[k] = ts[pIdx + k]
    profs.push({ long, short, step: (g.step / price) * 100 })
  }
  const avg = { long: new Float64Array(BINS), short: new Float64Array(BINS) }
  for (const p of profs)
    for (const side of ['long', 'short'] as const) {
      const s = p[side].reduce((a, x) => a + x, 0)
      for (let k = 0; k < BINS; k++) avg[side][k] += p[side][k] / s / profs.length
    }
  for (const p of profs) {
    w1L += wasserstein1(avg.long, p.long, p.step)
    w1S += wasserstein1(avg.short, p.short, p.step)
    nW++
  }
}
console.log(`top_decile_share of the true map itself, seeds ${SIM_TEST_SEEDS.join(', ')}:`)
console.log(`long ${(capL / totL).toFixed(3)}  short ${(capS / totS).toFixed(3)}`)
console.log('wasserstein1_pct of the static oracle (average true shape, no path):')
console.log(`long ${(w1L / nW).toFixed(3)}  short ${(w1S / nW).toFixed(3)}`)
