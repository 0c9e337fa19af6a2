import { describe, expect, it } from 'vitest'
import { plantedMarket } from './test-markets.ts'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { DEFAULT_PARAMS, resolveParams, type ModelParams } from '../model/index.ts'
import { simulate } from '../sim/index.ts'
import { simSpan, type Score } from './calibrate-objective.ts'
import { calibrateRungs, HALF_LIFE_GRID, PRESET_LADDER, rungStartPoint } from './calibrate-rungs.ts'
import { fitModel } from './calibrate-fit.ts'
import { evaluate } from './evaluate.ts'
import {
  RealBasis,
  rungPointParams,
  SimBasis,
  type RungLadder,
  type RungPoint,
} from './rung-basis.ts'
import { evaluateAgainstTruth } from './truth/index.ts'

const LADDER: RungLadder = {
  leverages: [10, 25, 100],
  halfLifeGrid: [6, 24, 72],
  base: { levelSpread: 0.1, sameBarShare: 0.2 },
}

/** The same with take-profits and stops: a bin's exits scale with its notional, so still linear. */
const EXIT_LADDER: RungLadder = {
  ...LADDER,
  base: { ...LADDER.base, takeProfitShare: 0.5, stopLossShare: 0.3 },
}

const point = fc.record({
  weights: fc.tuple(...LADDER.leverages.map(() => fc.constantFrom(0, 0.05, 0.3, 1, 2.5))),
  halfLife: fc.tuple(...LADDER.leverages.map(() => fc.integer({ min: 0, max: 2 }))),
})
const valid = (pt: RungPoint): boolean => pt.weights.some((w) => w > 0)

/** Relative closeness (sums of the same numbers in another order differ in the last bits). */
function close(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Number.isNaN(a) === Number.isNaN(b)
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
}

describe('rung bases (the model is linear in its rung weights)', () => {
  it('real data: a point scored on the basis equals a direct model run (property)', () => {
    const data = plantedMarket({})
    const span = { data, name: 'a', from: -Infinity, to: Infinity }
    const basis = new RealBasis(LADDER, span, 24)
    fc.assert(
      fc.property(point.filter(valid), (pt) => {
        const a = basis.result(pt)
        const b = evaluate(data, rungPointParams(LADDER, pt), { warmupHours: 24 })
        expect(a.bars).toBe(b.bars)
        a.rows.forEach((row, i) => {
          for (const m of Object.keys(row.values) as (keyof typeof row.values)[])
            expect(close(row.values[m], b.rows[i].values[m]), `${row.side} ${m}`).toBe(true)
        })
      }),
      { numRuns: 15 },
    )
  })

  it('simulated markets: the truth metrics on the basis equal a direct run (property)', () => {
    const r = simulate({ seed: 9, days: 3, tfMs: 60_000, params: { traders: 1500 } })
    const span = simSpan('s', r.market, r.truth)
    const bases = [LADDER, EXIT_LADDER].map((l) => new SimBasis(l, span))
    fc.assert(
      fc.property(point.filter(valid), fc.nat(1), (pt, which) => {
        const basis = bases[which]
        const a = basis.rows(pt)
        const b = evaluateAgainstTruth(r.market, r.truth, {
          params: rungPointParams(basis.ladder, pt),
          warmupHours: span.warmupHours,
        })
        expect(a.length).toBe(b.length)
        a.forEach((row, i) => {
          expect(row.metric).toBe(b[i].metric)
          expect(close(row.model, b[i].model), `${row.metric} ${row.side}`).toBe(true)
          for (const k of Object.keys(row.baselines))
            expect(close(row.baselines[k], b[i].baselines[k])).toBe(true)
        })
      }),
      { numRuns: 10 },
    )
  })

  it('refuses a point of the wrong length or with no weight', () => {
    const r = simulate({ seed: 9, days: 3, tfMs: 60_000, params: { traders: 500 } })
    const basis = new SimBasis(LADDER, simSpan('s', r.market, r.truth))
    expect(() => basis.rows({ weights: [1, 1], halfLife: [0, 0] })).toThrow(/3 weights/)
    expect(() => basis.rows({ weights: [0, 0, 0], halfLife: [0, 0, 0] })).toThrow(/positive/)
  })
})

describe('rung search', () => {
  it('a joint fit continued from a given real fit equals one that fits R itself', () => {
    const data = plantedMarket({})
    const real = [{ data, name: 'a', from: -Infinity, to: Infinity }]
    const r = simulate({ seed: 9, days: 3, tfMs: 60_000, params: { traders: 1500 } })
    const sim = [simSpan('s', r.market, r.truth)]
    const input = { fit: 'rungs' as const, real, sim, ladder: [10, 25, 100], passes: 1 }
    const R = fitModel({ ...input, objective: 'real' })
    const own = fitModel({ ...input, objective: 'joint' })
    const given = fitModel({ ...input, objective: 'joint', realFit: R })
    expect(given.params).toEqual(own.params)
    expect(given.score.key).toEqual(own.score.key)
    expect(given.evaluations).toBe(own.evaluations)
    expect(own.realFit?.params).toEqual(R.params)
    const S = fitModel({ ...input, objective: 'sim' })
    expect(() => fitModel({ ...input, objective: 'joint', realFit: S })).toThrow(/real rungs fit/)
  })

  it('starts at the base: the default ladder reproduces the defaults', () => {
    const l: RungLadder = {
      leverages: DEFAULT_PARAMS.leverages,
      halfLifeGrid: [...HALF_LIFE_GRID],
    }
    const s = rungStartPoint(l)
    s.weights.forEach((w, i) => expect(w).toBeCloseTo(DEFAULT_PARAMS.leverageWeights[i], 12))
    expect(s.halfLife.map((j) => HALF_LIFE_GRID[j])).toEqual(DEFAULT_PARAMS.halfLifeHours)
    expect(rungPointParams(l, s)).toMatchObject({
      leverages: DEFAULT_PARAMS.leverages,
      halfLifeHours: DEFAULT_PARAMS.halfLifeHours,
    })
  })

  it('can start from other parameters, carried onto the ladder log-linearly', () => {
    const l: RungLadder = { leverages: [5, 10, 20, 25], halfLifeGrid: [6, 24, 48, 72] }
    const from = { leverages: [5, 25], leverageWeights: [0.75, 0.25], halfLifeHours: [72, 6] }
    const s = rungStartPoint(l, from)
    // 10× and 20× sit at ln 2 / ln 5 and ln 4 / ln 5 of the way from 5× to 25×.
    const at = (x: number): number => 0.75 + x * (0.25 - 0.75)
    const raw = [0.75, at(Math.log(2) / Math.log(5)), at(Math.log(4) / Math.log(5)), 0.25]
    const sum = raw.reduce((a, b) => a + b, 0)
    s.weights.forEach((w, i) => expect(w).toBeCloseTo(raw[i] / sum, 12))
    // half-lives 72, 72 − 66·0.43 = 43.6 → 48, 72 − 66·0.86 = 15.1 → 24 (nearest in log), 6
    expect(s.halfLife.map((j) => l.halfLifeGrid[j])).toEqual([72, 48, 24, 6])
    // without `from`, the shipped defaults (interpolated onto this ladder)
    expect(rungStartPoint(l).weights).not.toEqual(s.weights)
  })

  it('the shipped defaults are the proposed point of the last run (src/model/calibrated.json)', () => {
    const file = JSON.parse(
      readFileSync(new URL('../model/calibrated.json', import.meta.url), 'utf8'),
    ) as ModelParams
    expect(resolveParams()).toEqual(file)
    expect(file.leverages).toEqual([...PRESET_LADDER])
  })

  it('never ends worse than it starts and respects maxPasses (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 3 }), (seed, n) => {
        const obj = (pt: RungPoint): Score => {
          let x = seed
          for (const w of pt.weights) x = Math.imul(x ^ Math.round(w * 1e6), 2654435761) >>> 0
          for (const h of pt.halfLife) x = Math.imul(x ^ h, 2654435761) >>> 0
          return { key: [x / 2 ** 32] }
        }
        const r = calibrateRungs(LADDER, obj, { start: rungStartPoint(LADDER), maxPasses: n })
        expect(r.passes).toBeLessThanOrEqual(n)
        expect(r.score.key[0]).toBeGreaterThanOrEqual(r.startScore.key[0])
        expect(obj(r.point).key[0]).toBe(r.score.key[0])
        expect(r.point.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
      }),
      { numRuns: 20 },
    )
  })

  it('recovers realized liquidations planted by a known weighting', () => {
    const planted: RungPoint = { weights: [0.6, 0, 0.4], halfLife: [2, 0, 1] }
    const data = plantedMarket(rungPointParams(LADDER, planted))
    const basis = new RealBasis(LADDER, { data, name: 'p', from: -Infinity, to: Infinity }, 24)
    const pearsons = (pt: RungPoint): number[] =>
      basis
        .result(pt)
        .rows.filter((x) => x.measure === 'pearson')
        .map((x) => x.values.model)
    const r = calibrateRungs(LADDER, (pt): Score => ({ key: [Math.min(...pearsons(pt))] }), {
      start: { weights: [1, 1, 1], halfLife: [1, 1, 1] },
    })
    expect(Math.min(...pearsons({ weights: [1, 1, 1], halfLife: [1, 1, 1] }))).toBeLessThan(0.98)
    expect(Math.min(...pearsons(r.point))).toBeGreaterThan(0.99)
    expect(r.point.weights[1]).toBeLessThan(0.05)
  })
})
