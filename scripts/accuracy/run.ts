/**
 * Runs the calibration method of docs/accuracy.md end to end: fits R (real), S (sim) and J
 * (joint), evaluates the defaults and each fit on every train and test set, and writes
 * `scripts/accuracy/results.json` and the proposed defaults `src/model/calibrated.json`.
 *
 *   npx tsx scripts/accuracy/run.ts            # about 10 minutes on one core
 * @module
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  PRIOR_POINT,
  resolvedFamilyParams,
  type FamilyPoint,
} from '../../src/eval/calibrate-family.ts'
import {
  jointScore,
  margins,
  score,
  simScore,
  type SimSpan,
} from '../../src/eval/calibrate-objective.ts'
import { calibrate } from '../../src/eval/calibrate.ts'
import { familyParams } from '../../src/eval/calibrate-family.ts'
import {
  COARSE_BINS,
  GOAL_WINDOWS,
  JOINT_TOLERANCE,
  loadRealWindow,
  REPORT_WINDOWS,
  SIM_STRESSED_SEEDS,
  SIM_TEST_SEEDS,
  SIM_TRAIN_SEEDS,
  simSpans,
  TEST_SPAN,
  TRAIN_SPAN,
} from './method.ts'

const HERE = import.meta.dirname
const t0 = performance.now()
const secs = (): number => Math.round((performance.now() - t0) / 100) / 10
const log = (s: string): void => {
  process.stderr.write(`[${secs().toFixed(1)} s] ${s}\n`)
}

const windows = await Promise.all([...GOAL_WINDOWS, ...REPORT_WINDOWS].map(loadRealWindow))
const goal = windows.filter((w) => (GOAL_WINDOWS as readonly string[]).includes(w.name))
const realTrain = goal.map((w) => w.train)
const sims = {
  train: simSpans(SIM_TRAIN_SEEDS),
  test: simSpans(SIM_TEST_SEEDS),
  stressed: simSpans(SIM_STRESSED_SEEDS, 'stressed'),
}
log('data loaded and markets simulated')

const timings: Record<string, { seconds: number; evaluations: number; passes: number }> = {}
const progress = (name: string) => (_s: unknown, pt: FamilyPoint, n: number) =>
  log(`${name}: ${n} evaluations, at ${JSON.stringify(pt)}`)

let t = performance.now()
const R = calibrate((p) => score(realTrain, p), { onStep: progress('R') })
timings.R = {
  seconds: (performance.now() - t) / 1000,
  evaluations: R.evaluations,
  passes: R.passes,
}
t = performance.now()
const S = calibrate((p) => simScore(sims.train, p), { onStep: progress('S') })
timings.S = {
  seconds: (performance.now() - t) / 1000,
  evaluations: S.evaluations,
  passes: S.passes,
}
const floor = R.score.key[0] - JOINT_TOLERANCE
t = performance.now()
const J = calibrate((p) => jointScore(score(realTrain, p), simScore(sims.train, p), floor), {
  start: R.point,
  onStep: progress('J'),
})
timings.J = {
  seconds: (performance.now() - t) / 1000,
  evaluations: J.evaluations,
  passes: J.passes,
}
log('fits done')

const fits: Record<string, FamilyPoint> = {
  defaults: PRIOR_POINT,
  R: R.point,
  S: S.point,
  J: J.point,
}

type RealOut = {
  span: string
  window: string
  bars: number
  from: number
  to: number
  rows: unknown
  margins: number[]
}
const realEval = (pt: FamilyPoint): RealOut[] =>
  windows.flatMap((w) =>
    (['train', 'test'] as const).map((span) => {
      const r = score([w[span]], familyParams(pt)).results[0]
      return {
        span,
        window: w.name,
        bars: r.bars,
        from: r.from,
        to: r.to,
        rows: r.rows,
        margins: margins(r),
      }
    }),
  )
const simEval = (pt: FamilyPoint, spans: readonly SimSpan[], bins?: number) => {
  const s = simScore(spans, familyParams(pt), bins ? { bins } : {})
  return { meanLog: s.meanLog, worstLog: s.worstLog, rows: s.rows, perSeed: s.perSpan }
}

const results: Record<string, unknown> = {}
for (const [name, pt] of Object.entries(fits)) {
  results[name] = {
    point: pt,
    real: realEval(pt),
    sim: {
      train: simEval(pt, sims.train),
      test: simEval(pt, sims.test),
      stressed: simEval(pt, sims.stressed),
      testCoarse: simEval(pt, sims.test, COARSE_BINS),
    },
  }
  log(`evaluated ${name}`)
}

const out = {
  method: {
    goalWindows: GOAL_WINDOWS,
    reportWindows: REPORT_WINDOWS,
    train: TRAIN_SPAN,
    test: TEST_SPAN,
    simTrainSeeds: SIM_TRAIN_SEEDS,
    simTestSeeds: SIM_TEST_SEEDS,
    simStressedSeeds: SIM_STRESSED_SEEDS,
    jointFloor: floor,
    coarseBins: COARSE_BINS,
  },
  timings,
  totalSeconds: secs(),
  trainScores: {
    R: { start: R.startScore.key, fitted: R.score.key },
    S: { start: S.startScore.key, fitted: S.score.key },
    J: { start: J.startScore.key, fitted: J.score.key },
  },
  fits: results,
}
writeFileSync(resolve(HERE, 'results.json'), `${JSON.stringify(out, null, 1)}\n`)
writeFileSync(
  resolve(HERE, '../../src/model/calibrated.json'),
  `${JSON.stringify(resolvedFamilyParams(J.point), null, 2)}\n`,
)
log(`wrote results.json and src/model/calibrated.json (J = ${JSON.stringify(J.point)})`)
