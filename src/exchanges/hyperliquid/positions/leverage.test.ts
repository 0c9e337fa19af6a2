import { describe, expect, it } from 'vitest'
import { DataError } from '../../../core/errors.ts'
import { resolveParams } from '../../../model/params.ts'
import { fakeAddress as A } from '../../../../test/fakes/hyperliquid.ts'
import { leverageDistribution, nearestRung, priorFromDistribution } from './leverage.ts'
import type { HlPosition } from './types.ts'

const LADDER = [5, 10, 25, 50, 100]

function p(
  n: number,
  size: number,
  type: 'cross' | 'isolated',
  leverage: number,
  positionValue: number,
  marginUsed: number,
): HlPosition {
  return {
    address: A(n),
    coin: 'BTC',
    side: 'long',
    size,
    entryPx: 50_000,
    liquidationPx: 40_000,
    leverageType: type,
    leverage,
    marginUsed,
    positionValue,
    unrealizedPnl: 0,
    polledAt: 0,
  }
}

// At mark 50 000:
const POPULATION = [
  p(1, 1, 'isolated', 20, 50_000, 2000), // 25× effective → rung 25, 50 000 USD
  p(2, 0.5, 'cross', 40, 25_000, 625), // cross 40× → rung 50 (ln 40 nearer ln 50), 25 000 USD
  p(3, 2, 'cross', 3, 100_000, 33_333), // 3× → rung 5 (lowest), 100 000 USD
  p(4, 0.2, 'isolated', 10, 10_000, 1400), // 7.14× > √50 ≈ 7.07 → rung 10, 10 000 USD
  p(5, 1, 'isolated', 10, 50_000, 0), // no margin: skipped
  p(6, 0.3, 'cross', 100, 15_000, 150), // 100× → rung 100, 15 000 USD
]

describe('leverage distribution', () => {
  it('nearest rung in log space, ties to the lower rung', () => {
    expect(nearestRung(LADDER, 7.07)).toBe(0)
    expect(nearestRung(LADDER, 7.08)).toBe(1)
    expect(nearestRung(LADDER, Math.sqrt(50))).toBe(0)
    expect(nearestRung(LADDER, 35.3)).toBe(2) // √(25·50) ≈ 35.36
    expect(nearestRung(LADDER, 35.4)).toBe(3)
    expect(nearestRung(LADDER, 1)).toBe(0)
    expect(nearestRung(LADDER, 500)).toBe(4)
  })

  it('notional-weighted histogram of a known population', () => {
    const d = leverageDistribution(POPULATION, LADDER, 50_000)
    expect(d.totalUsd).toBe(200_000)
    expect(d.notionalUsd).toEqual([100_000, 10_000, 50_000, 25_000, 15_000])
    expect(d.positions).toEqual([1, 1, 1, 1, 1])
    expect(d.skipped).toBe(1)
    expect(d.weights.map((w) => +w.toFixed(12))).toEqual([0.5, 0.05, 0.25, 0.125, 0.075])
  })

  it('sorts an unsorted ladder and rejects a bad one naming it', () => {
    expect(leverageDistribution(POPULATION, [100, 5, 50, 10, 25], 50_000).ladder).toEqual(LADDER)
    expect(() => leverageDistribution(POPULATION, [5, 0.5])).toThrow(/leverages\[0\]/)
    expect(() => leverageDistribution(POPULATION, [5, 5])).toThrow(/twice/)
  })

  it('calibrated prior: the measured weights, valid model params', () => {
    const d = leverageDistribution(POPULATION, LADDER, 50_000)
    const prior = priorFromDistribution(d, { minPositions: 5 })
    expect(prior.leverages).toEqual(LADDER)
    expect(prior.leverageWeights?.map((w) => +w.toFixed(12))).toEqual([
      0.5, 0.05, 0.25, 0.125, 0.075,
    ])
    expect(resolveParams(prior).leverageWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('with half-lives: standing notional turned into new notional (÷ half-life)', () => {
    const d = leverageDistribution(POPULATION, LADDER, 50_000)
    const w = priorFromDistribution(d, {
      minPositions: 5,
      halfLifeHours: [1, 1, 1, 1, 0.5],
    }).leverageWeights
    // raw [0.5, 0.05, 0.25, 0.125, 0.15] / 1.075
    expect(w?.map((x) => +x.toFixed(12))).toEqual(
      [0.5, 0.05, 0.25, 0.125, 0.15].map((x) => +(x / 1.075).toFixed(12)),
    )
  })

  it('refuses to calibrate from too few positions', () => {
    const d = leverageDistribution(POPULATION, LADDER, 50_000)
    expect(() => priorFromDistribution(d)).toThrow(DataError)
    expect(() => priorFromDistribution(d)).toThrow(/5 positions .* at least 50/)
    const empty = leverageDistribution([], LADDER)
    expect(empty.weights).toEqual([0, 0, 0, 0, 0])
    expect(() => priorFromDistribution(empty, { minPositions: 0 })).toThrow(DataError)
  })
})
