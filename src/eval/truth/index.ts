/**
 * Accuracy against a simulated market's ground truth (`liqheat eval` calls `evaluateTruthDir`
 * when the data folder holds `truth/`).
 * @module
 */
import { loadDataDir } from '../../data/index.ts'
import { loadTruth } from '../../sim/index.ts'
import type { TruthEvalOptions, TruthEvalRow } from './config.ts'
import { evaluateAgainstTruth } from './evaluate.ts'

export { correlationCeiling, inHalf, type CeilingSample } from './ceiling.ts'
export { scoreBaselines } from './baselines.ts'
export {
  TRUTH_BASELINES,
  TRUTH_METRICS,
  truthEvalConfig,
  type TruthEvalConfig,
  type TruthEvalOptions,
  type TruthEvalRow,
  type TruthMetric,
} from './config.ts'
export { evaluateAgainstTruth, formatTruthTable } from './evaluate.ts'
export { modelMaps } from './model-maps.ts'
export { sampleBars, truthSamples, type SideMaps, type TruthSample } from './samples.ts'
export { TruthScorer } from './scorer.ts'
export { hasTruth } from '../../sim/index.ts'
export {
  wasserstein1,
  pearsonCorr,
  findPeaks,
  peakDistanceBins,
  topShareCaptured,
  type Peak,
} from './metrics.ts'
export { FlatLadderMap, uniformBandMap } from './naive-maps.ts'
export { StandingTruth, type PriceGrid } from './truth-dist.ts'

/** Loads `dir` (public files and `truth/`) and evaluates the model against the truth. */
export async function evaluateTruthDir(
  dir: string,
  opts: TruthEvalOptions = {},
): Promise<TruthEvalRow[]> {
  const [data, truth] = await Promise.all([loadDataDir(dir), loadTruth(dir)])
  return evaluateAgainstTruth(data, truth.positions, opts)
}
