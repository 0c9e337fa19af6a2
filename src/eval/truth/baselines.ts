/**
 * The naive baselines of the truth evaluation (naive-maps.ts: flat-ladder, uniform-band), scored
 * at every sample.
 * @module
 */
import type { ModelBar } from '../../model/index.ts'
import type { TruthEvalConfig } from './config.ts'
import { FlatLadderMap, uniformBandMap } from './naive-maps.ts'
import type { TruthSample } from './samples.ts'
import type { TruthScorer } from './scorer.ts'

/** Adds the naive baselines' maps at every sample to `scorer`. */
export function scoreBaselines(
  bars: readonly ModelBar[],
  samples: readonly TruthSample[],
  scorer: TruthScorer,
  c: TruthEvalConfig,
): void {
  const flat = new FlatLadderMap()
  const est = { long: new Float64Array(c.bins), short: new Float64Array(c.bins) }
  let k = 0
  for (let i = 0; i < bars.length && k < samples.length; i++) {
    flat.append(bars[i])
    const s = samples[k]
    if (i !== s.bar) continue
    est.long.fill(0)
    est.short.fill(0)
    flat.map(s.grid, est.long, est.short)
    scorer.add('flat-ladder', s, est)
    est.long.fill(0)
    est.short.fill(0)
    uniformBandMap(s.price, c.bandPct, s.grid, est.long, est.short)
    scorer.add('uniform-band', s, est)
    k++
  }
}
