/**
 * Accuracy against a simulated market's ground truth (`liqheat eval` calls `evaluateTruthDir`
 * when the data folder holds `truth/`).
 * @module
 */
import { loadDataDir } from '../../data/index.ts'
import { loadTruth } from '../../sim/index.ts'
import { evaluateAgainstTruth, type TruthEvalOptions, type TruthEvalRow } from './evaluate.ts'

export { correlationCeiling, inHalf, type CeilingSample } from './ceiling.ts'
export {
  evaluateAgainstTruth,
  formatTruthTable,
  modelMaps,
  sampleBars,
  scoreBaselines,
  truthEvalConfig,
  truthSamples,
  TruthScorer,
  type SideMaps,
  type TruthEvalConfig,
  type TruthSample,
  TRUTH_BASELINES,
  TRUTH_METRICS,
  type TruthEvalOptions,
  type TruthEvalRow,
  type TruthMetric,
} from './evaluate.ts'
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
