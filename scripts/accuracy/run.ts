/**
 * Runs round 2 of the calibration method of docs/accuracy.md end to end: rung fits (every rung's
 * weight and half-life on the preset ladder) at each point of the outer grid, real fits R first
 * (their best worst margin less JOINT_TOLERANCE is the joint floor), then joint fits J; the best
 * joint score is proposed. Evaluates the previous defaults and the fits on every train and test
 * set, and writes `scripts/accuracy/results.json` and the proposed defaults
 * `src/model/calibrated.json`. Round 1 (the six-number family) is in results-round1.json.
 *
 *   npx tsx scripts/accuracy/run.ts            # about 15 minutes on one core
 * @module
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { familyParams } from '../../src/eval/calibrate-family.ts'
import { fitModel, type FitOutput } from '../../src/eval/calibrate-fit.ts'
import {
  better,
  margins,
  score,
  simScore,
  type SimSpan,
} from '../../src/eval/calibrate-objective.ts'
import {
  correlationCeiling,
  sampleBars,
  truthEvalConfig,
  truthSamples,
} from '../../src/eval/truth/index.ts'
import { CALIBRATED, FIELD_PRIOR, toModelBars, type ModelParams } from '../../src/model/index.ts'
import {
  COARSE_BINS,
  GOAL_WINDOWS,
  JOINT_TOLERANCE,
  loadRealWindow,
  outerPoints,
  REPORT_WINDOWS,
  ROUND2_START,
  SIM_LARGE_TRADERS,
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
  train: simSpans(SIM_TRAIN_SEEDS, 'default', SIM_LARGE_TRADERS),
  train10k: simSpans(SIM_TRAIN_SEEDS),
  test: simSpans(SIM_TEST_SEEDS),
  testLarge: simSpans(SIM_TEST_SEEDS, 'default', SIM_LARGE_TRADERS),
  stressed: simSpans(SIM_STRESSED_SEEDS, 'stressed'),
}
log('data loaded and markets simulated')

// Phase 1: the real fit at every outer point; the joint floor is the best of them less the tolerance.
const outer = outerPoints()
const realFits = outer.map((o) =>
  fitModel({
    fit: 'rungs',
    objective: 'real',
    real: realTrain,
    sim: [],
    base: o,
    startFrom: ROUND2_START,
  }),
)
const floor = Math.max(...realFits.map((r) => r.score.key[0])) - JOINT_TOLERANCE
log(`real fits done; joint floor ${floor.toFixed(2)}`)

// Phase 2: the joint fit at every outer point, with that floor; the best joint score is proposed.
const grid: { outer: Partial<ModelParams>; J: FitOutput; seconds: number }[] = []
let best = -1
for (const [i, o] of outer.entries()) {
  const t = performance.now()
  const J = fitModel({
    fit: 'rungs',
    objective: 'joint',
    real: realTrain,
    sim: sims.train,
    base: o,
    jointFloor: floor,
    realFit: realFits[i],
    startFrom: ROUND2_START,
  })
  grid.push({ outer: o, J, seconds: (performance.now() - t) / 1000 })
  if (best < 0 || better(J.score, grid[best].J.score)) best = grid.length - 1
  log(`joint at ${JSON.stringify(o)}: key ${J.score.key.map((x) => x.toFixed(3)).join(', ')}`)
}
const chosen = grid[best]
log(`proposed: ${JSON.stringify(chosen.outer)} — ${chosen.J.described}`)
// For comparison: the sim-only fit at the chosen outer point.
const S = fitModel({
  fit: 'rungs',
  objective: 'sim',
  real: [],
  sim: sims.train,
  base: chosen.outer,
  startFrom: ROUND2_START,
})

const fits: Record<string, { params: Partial<ModelParams>; described: string }> = {
  prior: { params: { ...FIELD_PRIOR }, described: 'the field prior (before any calibration)' },
  round1: {
    params: familyParams(CALIBRATED),
    described: 'round 1 point J (the defaults until round 2)',
  },
  R: { params: realFits[best].params, described: realFits[best].described },
  S: { params: S.params, described: S.described },
  J: { params: chosen.J.params, described: chosen.J.described },
}

const realEval = (p: Partial<ModelParams>) =>
  windows.flatMap((w) =>
    (['train', 'test'] as const).map((span) => {
      const r = score([w[span]], p).results[0]
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
const simEval = (p: Partial<ModelParams>, spans: readonly SimSpan[], bins?: number) => {
  const s = simScore(spans, p, bins ? { bins } : {})
  return { meanLog: s.meanLog, worstLog: s.worstLog, rows: s.rows, perSeed: s.perSpan }
}

const results: Record<string, unknown> = {}
for (const [name, f] of Object.entries(fits)) {
  results[name] = {
    described: f.described,
    params: f.params,
    real: realEval(f.params),
    sim: {
      train: simEval(f.params, sims.train),
      train10k: simEval(f.params, sims.train10k),
      test: simEval(f.params, sims.test),
      testLarge: simEval(f.params, sims.testLarge),
      stressed: simEval(f.params, sims.stressed),
      testCoarse: simEval(f.params, sims.test, COARSE_BINS),
    },
  }
  log(`evaluated ${name}`)
}

/** The binned-correlation ceiling of each test market (ceiling.ts), on the metric's samples. */
const ceilings = (spans: readonly SimSpan[]) =>
  spans.map((s) => {
    const c = truthEvalConfig({ warmupHours: s.warmupHours })
    const bars = toModelBars(s.data)
    const at = sampleBars(bars, s.data.timeframeMs, c)
    return correlationCeiling(s.truth, truthSamples(bars, s.data.timeframeMs, s.truth, at, c))
  })

const out = {
  method: {
    round: 2,
    goalWindows: GOAL_WINDOWS,
    reportWindows: REPORT_WINDOWS,
    train: TRAIN_SPAN,
    test: TEST_SPAN,
    simTrainSeeds: SIM_TRAIN_SEEDS,
    simTestSeeds: SIM_TEST_SEEDS,
    simStressedSeeds: SIM_STRESSED_SEEDS,
    largeTraders: SIM_LARGE_TRADERS,
    jointFloor: floor,
    coarseBins: COARSE_BINS,
  },
  grid: grid.map((g, i) => ({
    outer: g.outer,
    realWorst: realFits[i].score.key[0],
    jointKey: g.J.score.key,
    described: g.J.described,
    evaluations: g.J.evaluations,
    seconds: g.seconds,
  })),
  chosen: best,
  ceilings: { test: ceilings(sims.test), testLarge: ceilings(sims.testLarge) },
  totalSeconds: secs(),
  fits: results,
}
writeFileSync(resolve(HERE, 'results.json'), `${JSON.stringify(out, null, 1)}\n`)
writeFileSync(
  resolve(HERE, '../../src/model/calibrated.json'),
  `${JSON.stringify(chosen.J.params, null, 2)}\n`,
)
log(`wrote results.json and src/model/calibrated.json (J: ${chosen.J.described})`)
