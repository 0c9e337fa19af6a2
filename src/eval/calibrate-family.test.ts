import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_PARAMS, FIELD_PRIOR, resolveParams } from '../model/index.ts'
import {
  DEFAULT_POINT,
  FAMILY_GRID,
  FAMILY_KEYS,
  familyParams,
  startPoint,
} from './calibrate-family.ts'

describe('calibration family', () => {
  it("the default point is round 1's J: the prior reshaped as docs/accuracy.md lists", () => {
    const p = resolveParams(familyParams(DEFAULT_POINT))
    const weights = [0.206, 0.346, 0.229, 0.154, 0.065]
    p.leverageWeights.forEach((w, i) => expect(w).toBeCloseTo(weights[i], 3))
    expect(p.halfLifeHours.map((h) => Math.round(h * 10) / 10)).toEqual([
      67.2, 50.4, 25.2, 12.6, 5.6,
    ])
    expect(p).toMatchObject({ entrySpread: 0.6, levelSpread: 0.1, sameBarShare: 0.1 })
    // the prior's own context, not the shipped defaults'
    expect(p).toMatchObject({ seedFrom: 'oi', aggressorTilt: 0.5, volumeSeedFraction: 0.05 })
    expect(p.leverages).not.toEqual(DEFAULT_PARAMS.leverages)
  })

  it('every grid holds the default value and lies inside the model’s valid ranges', () => {
    for (const k of FAMILY_KEYS) expect(FAMILY_GRID[k]).toContain(DEFAULT_POINT[k])
    for (const k of FAMILY_KEYS)
      for (const v of FAMILY_GRID[k])
        expect(() => resolveParams(familyParams({ ...DEFAULT_POINT, [k]: v }))).not.toThrow()
  })

  it('a larger leverage tilt moves weight from low to high leverage (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (g, d) => {
          const a = resolveParams(familyParams({ ...DEFAULT_POINT, leverageTilt: g }))
          const b = resolveParams(familyParams({ ...DEFAULT_POINT, leverageTilt: g + d }))
          const n = a.leverageWeights.length
          expect(a.leverageWeights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12)
          // ratio of the top rung to the bottom rung grows by (100 / 5)^d exactly
          const ra = a.leverageWeights[n - 1] / a.leverageWeights[0]
          const rb = b.leverageWeights[n - 1] / b.leverageWeights[0]
          expect(rb / ra).toBeCloseTo((100 / 5) ** d, 9)
        },
      ),
    )
  })

  it('half-life scale multiplies every rung of the prior; the tilt is neutral at 10×', () => {
    const p = resolveParams(familyParams({ ...DEFAULT_POINT, halfLifeScale: 2, halfLifeTilt: -1 }))
    expect(p.halfLifeHours).toEqual(
      FIELD_PRIOR.halfLifeHours.map((h, i) => h * 2 * (FIELD_PRIOR.leverages[i] / 10) ** -1),
    )
    expect(p.halfLifeHours[1]).toBe(FIELD_PRIOR.halfLifeHours[1] * 2) // the 10× rung
  })

  it('reshapes a custom base ladder and keeps its other fields', () => {
    const base = {
      leverages: [10, 20, 50],
      leverageWeights: [1, 1, 1],
      halfLifeHours: [40, 20, 10],
      aggressorTilt: 0.1,
    }
    const p = resolveParams(familyParams({ ...DEFAULT_POINT, leverageTilt: 1 }, base))
    expect(p.leverages).toEqual([10, 20, 50])
    expect(p.leverageWeights.map((w) => w * 8)).toEqual([1, 2, 5].map((x) => expect.closeTo(x, 12)))
    expect(p.aggressorTilt).toBe(0.1)
    expect(startPoint({ entrySpread: 0.2, levelSpread: 0.5 })).toMatchObject({
      entrySpread: 0.2,
      levelSpread: 0.5,
      sameBarShare: FIELD_PRIOR.sameBarShare,
    })
    expect(startPoint()).toEqual(DEFAULT_POINT)
  })
})
