import { describe, expect, it } from 'vitest'
import { UsageError } from '../core/errors.ts'
import { LUT_SIZE, PALETTES, paletteLut, parseCssColour, type PaletteName } from './palette.ts'

const rgbAt = (lut: Uint8Array, i: number) => [lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]]
const near = (a: number[], b: number[], tol = 2) => a.every((v, k) => Math.abs(v - b[k]) <= tol)
const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b

describe('paletteLut', () => {
  it('has 256 RGB entries for every palette', () => {
    expect(PALETTES).toEqual(['viridis', 'inferno', 'magma', 'turbo', 'greyscale'])
    for (const p of PALETTES) expect(paletteLut(p).length).toBe(LUT_SIZE * 3)
  })

  it('viridis runs from purple #440154 to yellow #fde725', () => {
    const lut = paletteLut('viridis')
    expect(near(rgbAt(lut, 0), [0x44, 0x01, 0x54])).toBe(true)
    expect(near(rgbAt(lut, 255), [0xfd, 0xe7, 0x25])).toBe(true)
  })

  it('inferno and magma start near black; greyscale runs black to white', () => {
    expect(luminance(rgbAt(paletteLut('inferno'), 0))).toBeLessThan(5)
    expect(luminance(rgbAt(paletteLut('magma'), 0))).toBeLessThan(5)
    expect(rgbAt(paletteLut('greyscale'), 0)).toEqual([0, 0, 0])
    expect(rgbAt(paletteLut('greyscale'), 255)).toEqual([255, 255, 255])
  })

  it.each(['viridis', 'inferno', 'magma', 'greyscale'] as PaletteName[])(
    '%s gets brighter from low to high (sequential palette)',
    (p) => {
      const lut = paletteLut(p)
      for (let i = 16; i < LUT_SIZE; i += 16) {
        expect(luminance(rgbAt(lut, i))).toBeGreaterThan(luminance(rgbAt(lut, i - 16)))
      }
    },
  )

  it('returns a copy the caller may modify', () => {
    const a = paletteLut('magma')
    a.fill(0)
    expect(paletteLut('magma').some((v) => v !== 0)).toBe(true)
  })

  it('rejects an unknown palette with a UsageError naming --palette', () => {
    expect(() => paletteLut('rainbow' as PaletteName)).toThrow(UsageError)
    expect(() => paletteLut('rainbow' as PaletteName)).toThrow(/--palette.*rainbow/)
  })
})

describe('parseCssColour', () => {
  it('reads #rrggbb and rgb() forms', () => {
    expect(parseCssColour('#fde725')).toEqual([253, 231, 37])
    expect(parseCssColour('rgb(35, 23, 27)')).toEqual([35, 23, 27])
    expect(() => parseCssColour('hsl(1, 2%, 3%)')).toThrow()
  })
})
