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
  it('the default point is DEFAULT_PARAMS', () => {
    const p = resolveParams(familyParams(DEFAULT_POINT))
    p.leverageWeights.forEach((w, i) =>
      expect(w).toBeCloseTo(DEFAULT_PARAMS.leverageWeights[i], 12),
    )
    p.halfLifeHours.forEach((h, i) => expect(h).toBeCloseTo(DEFAULT_PARAMS.halfLifeHours[i], 12))
    expect(p.entrySpread).toBe(DEFAULT_PARAMS.entrySpread)
    expect(p.levelSpread).toBe(DEFAULT_PARAMS.levelSpread)
    expect(p.sameBarShare).toBe(DEFAULT_PARAMS.sameBarShare)
    expect(p.aggressorTilt).toBe(DEFAULT_PARAMS.aggressorTilt)
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
