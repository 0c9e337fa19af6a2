import { describe, expect, it } from 'vitest'
import { plantedMarket } from './test-markets.ts'
import fc from 'fast-check'
import type { ModelParams } from '../model/index.ts'
import { simulate } from '../sim/index.ts'
import {
  DEFAULT_POINT,
  FAMILY_GRID,
  FAMILY_KEYS,
  familyParams,
  type FamilyPoint,
} from './calibrate-family.ts'
import { better, logGoalRatio, MEAN_TOL, REAL_TIE } from './calibrate-objective.ts'
import { calibrate, score, simScore, simSpan, type Score } from './calibrate.ts'

/** Recovers the family point from the parameters the search hands the objective. */
function pointOf(p: Partial<ModelParams>): FamilyPoint {
  const w = p.leverageWeights ?? []
  const h = p.halfLifeHours ?? []
  return {
    leverageTilt: Math.log(w[4] / 0.1 / (w[0] / 0.15)) / Math.log(20),
    halfLifeScale: h[1] / 72,
    halfLifeTilt: Math.log(h[4] / 8 / (h[0] / 96)) / Math.log(20),
    entrySpread: p.entrySpread ?? Number.NaN,
    levelSpread: p.levelSpread ?? Number.NaN,
    sameBarShare: p.sameBarShare ?? Number.NaN,
  }
}

const gridPoint = fc.record(
  Object.fromEntries(FAMILY_KEYS.map((k) => [k, fc.constantFrom(...FAMILY_GRID[k])])) as Record<
    keyof FamilyPoint,
    fc.Arbitrary<number>
  >,
)

describe('coordinate search', () => {
  it('finds the optimum of a separable objective anywhere on the grid (property)', () => {
    fc.assert(
      fc.property(gridPoint, (target) => {
        const r = calibrate((p): Score => {
          const pt = pointOf(p)
          const d = FAMILY_KEYS.reduce((a, k) => a + (pt[k] - target[k]) ** 2, 0)
          return { key: [-d] }
        })
        for (const k of FAMILY_KEYS) expect(r.point[k]).toBe(target[k])
        expect(r.passes).toBeLessThanOrEqual(2)
      }),
      { numRuns: 30 },
    )
  })

  it('never ends worse than it starts, and respects maxPasses (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, passes) => {
          // A rugged objective: a hash of the point.
          const obj = (p: Partial<ModelParams>): Score => {
            const pt = pointOf(p)
            let x = seed
            for (const k of FAMILY_KEYS)
              x = Math.imul(x ^ Math.round(pt[k] * 1000), 2654435761) >>> 0
            return { key: [x / 2 ** 32] }
          }
          const r = calibrate(obj, { maxPasses: passes })
          expect(r.passes).toBeLessThanOrEqual(passes)
          expect(r.score.key[0]).toBeGreaterThanOrEqual(r.startScore.key[0])
          expect(obj(r.params).key[0]).toBe(r.score.key[0])
        },
      ),
      { numRuns: 20 },
    )
  })

  it('ignores improvements within the tolerance, so it cannot creep', () => {
    // The whole leverageTilt grid spans 0.0015 < MEAN_TOL above the start: the search stays put.
    const r = calibrate((p): Score => ({
      key: [pointOf(p).leverageTilt * 0.0015],
      tol: [MEAN_TOL],
    }))
    expect(r.point).toEqual(DEFAULT_POINT)
    const r2 = calibrate((p): Score => ({ key: [pointOf(p).leverageTilt * 0.1], tol: [MEAN_TOL] }))
    expect(r2.point.leverageTilt).toBe(1)
  })
})

describe('objectives', () => {
  it('better() compares keys lexicographically with tolerances', () => {
    expect(better({ key: [0.1, 0] }, { key: [0.05, 9] })).toBe(true)
    expect(better({ key: [0.1, 0] }, { key: [0.1, 0.0001] })).toBe(false)
    expect(better({ key: [0.1, 0.01], tol: [0, 0.002] }, { key: [0.1, 0.009] })).toBe(false)
    expect(better({ key: [0.1, 0.02], tol: [0, 0.002] }, { key: [0.1, 0.009] })).toBe(true)
  })

  it('log goal ratios are 0 at the goal, negative beyond it, and 10× when missing', () => {
    expect(logGoalRatio('wasserstein1_pct', 0.5)).toBeCloseTo(0, 12)
    expect(logGoalRatio('wasserstein1_pct', 1)).toBeCloseTo(Math.log(2), 12)
    expect(logGoalRatio('binned_corr', 0.9)).toBeCloseTo(0, 12)
    expect(logGoalRatio('binned_corr', 0.8)).toBeCloseTo(Math.log(2), 12)
    expect(logGoalRatio('binned_corr', 1)).toBeLessThan(0)
    expect(logGoalRatio('cluster_err_pct', 0.15)).toBeCloseTo(Math.log(0.5), 12)
    expect(logGoalRatio('cluster_err_pct', Number.NaN)).toBeCloseTo(Math.log(10), 12)
  })

  it('a sim span samples only inside [from, to] and the model reads nothing after to', () => {
    const r = simulate({ seed: 5, days: 3, tfMs: 60_000, params: { traders: 1500 } })
    const t0 = r.market.bars[0].ts
    const H = 3_600_000
    const s = simSpan('s', r.market, r.truth, t0 + 50 * H, t0 + 60 * H)
    expect(s.warmupHours).toBe(50)
    expect(Math.max(...s.data.bars.map((b) => b.ts + 60_000))).toBe(t0 + 60 * H)
    expect(s.data.openInterest.every((o) => o.ts < t0 + 60 * H)).toBe(true)
    const sc = simScore([s], {})
    // hourly samples at t0 + 50 h … t0 + 60 h
    const w1 = sc.perSpan[0].find((row) => row.metric === 'wasserstein1_pct')
    expect(w1?.samples).toBe(11)
    // a default span starts sampling at 48 h
    expect(simSpan('s', r.market, r.truth).warmupHours).toBe(48)
  })

  it('real score: worst is the smallest margin; its key is floored to REAL_TIE', () => {
    const data = plantedMarket({})
    const s = score([{ data, name: 'a', from: -Infinity, to: Infinity }], {})
    const ms = s.results[0].rows.map(
      (r) =>
        r.values.model - Math.max(r.values['adverse-move×OI'], r.values['beyond-prior-day×OI']),
    )
    expect(s.worst).toBeCloseTo(Math.min(...ms), 12)
    expect(s.key[0]).toBeLessThanOrEqual(s.worst)
    expect(s.worst - s.key[0]).toBeLessThan(REAL_TIE)
  })

  it('fits realized liquidations planted by a known parameter point', () => {
    const planted = { ...DEFAULT_POINT, levelSpread: 0.75, halfLifeScale: 0.35 }
    const data = plantedMarket(familyParams(planted))
    const spans = [{ data, name: 'train', from: -Infinity, to: Infinity }]
    const r = calibrate((p) => score(spans, p), {
      keys: ['levelSpread', 'halfLifeScale'],
      maxPasses: 2,
    })
    const pearson = (s: typeof r.score): number[] =>
      s.results[0].rows.filter((x) => x.measure === 'pearson').map((x) => x.values.model)
    expect(Math.min(...pearson(r.score))).toBeGreaterThan(0.99)
    expect(Math.min(...pearson(r.startScore))).toBeLessThan(0.98)
    expect(r.point.levelSpread).toBe(0.75)
  })
})
