/**
 * The simulated market where the truth is known: an agent-based perpetual-futures market that
 * publishes only what an exchange publishes, plus, separately, every position's liquidation
 * price. See docs/simulator.md.
 * @module
 */
export { simulate, DEFAULT_SIM_START } from './simulate.ts'
export { createDemoSource, type DemoSource, type DemoSourceOptions, type DemoTick } from './demo.ts'
export { MarketSim, type EngineOptions } from './engine.ts'
export {
  DEFAULT_SIM_PARAMS,
  DEFAULT_LEVERAGE,
  STRESSED_OVERRIDES,
  SCENARIOS,
  resolveSimParams,
  effectiveDepth,
  type LeverageDistribution,
  type ScenarioName,
  type SimParams,
} from './params.ts'
export type { SimBar, SimOptions, SimResult, SimStats, TruthBar } from './types.ts'
export {
  TruthLog,
  EXIT_REASONS,
  EXIT_LIQUIDATION,
  LOT,
  LOTS_PER_UNIT,
  type ExitReason,
  type TruthPosition,
} from './truth-log.ts'
export {
  writeSimFiles,
  publicFiles,
  truthFiles,
  simFileNames,
  TRUTH_FORMAT,
} from './write-files.ts'
export { loadTruth, hasTruth, type LoadedTruth, type TruthMeta } from './read-truth.ts'
export { Prng } from './prng.ts'
