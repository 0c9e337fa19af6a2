/**
 * The take-profit and stop exploration after round 2 (docs/model.md, "Take-profits and stops: off
 * by default, and why"; not a pre-registered round): at round 2's winning outer setting and its
 * joint floor, every rung refitted jointly with exits off and at two exit settings. Prints the
 * training-set simulated metrics (100 000 traders, seeds 101–104) and, for disclosure, the real
 * test-span margins (those spans were looked at before).
 *
 *   npx tsx scripts/accuracy/exits.ts      # about 5 minutes
 * @module
 */
import { fitModel } from '../../src/eval/calibrate-fit.ts'
import { margins, score, simScore } from '../../src/eval/calibrate-objective.ts'
import type { ModelParams } from '../../src/model/index.ts'
import {
  GOAL_WINDOWS,
  loadRealWindow,
  SIM_LARGE_TRADERS,
  SIM_TRAIN_SEEDS,
  simSpans,
} from './method.ts'

/** Round 2's proposed outer point and joint floor (scripts/accuracy/results.json). */
const OUTER: Partial<ModelParams> = {
  seedFrom: 'both',
  volumeSeedFraction: 0.2,
  sameBarShare: 0.25,
  levelSpread: 0,
  entrySpread: 0.6,
}
const FLOOR = -0.02
const SETTINGS: [string, Partial<ModelParams>][] = [
  ['off', {}],
  ['take-profit 0.3, stop 0.3', { takeProfitShare: 0.3, stopLossShare: 0.3 }],
  ['take-profit 0.6, stop 0.45', { takeProfitShare: 0.6, stopLossShare: 0.45 }],
]

const sim = simSpans(SIM_TRAIN_SEEDS, 'default', SIM_LARGE_TRADERS)
const windows = await Promise.all(GOAL_WINDOWS.map(loadRealWindow))
const f3 = (x: number): string => x.toFixed(3)
console.log(
  '| exits | train sim W1 (long / short) | binned corr | cluster error | real test margins w1; w2 |',
)
console.log('|---|---|---|---|---|')
for (const [name, exits] of SETTINGS) {
  const fit = fitModel({
    fit: 'rungs',
    objective: 'joint',
    real: windows.map((w) => w.train),
    sim,
    base: { ...OUTER, ...exits },
    jointFloor: FLOOR,
  })
  const rows = simScore(sim, fit.params).rows
  const cell = (metric: string): string =>
    (['long', 'short'] as const)
      .map((side) => f3(rows.find((r) => r.metric === metric && r.side === side)?.model ?? NaN))
      .join(' / ')
  const test = score(
    windows.map((w) => w.test),
    fit.params,
  ).results.map((r) => margins(r).map(f3).join(', '))
  console.log(
    `| ${name} | ${cell('wasserstein1_pct')} | ${cell('binned_corr')} | ${cell('cluster_err_pct')} | ${test.join('; ')} |`,
  )
}
