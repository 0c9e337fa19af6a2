import { describe, expect, it } from 'vitest'
import { paletteLut } from './palette.ts'
import { blendLut, quantise, rasterise } from './raster.ts'

const BG = [19, 23, 34] as const

describe('blendLut', () => {
  it('starts exactly at the background and ends at the palette', () => {
    const palette = paletteLut('viridis')
    const lut = blendLut(palette, BG)
    expect([...lut.slice(0, 3)]).toEqual([...BG])
    expect([...lut.slice(765, 768)]).toEqual([...palette.slice(765, 768)])
    // Low intensities stay close to the background.
    const i = 10
    const dist = Math.max(...[0, 1, 2].map((k) => Math.abs(lut[i * 3 + k] - BG[k])))
    expect(dist).toBeLessThan(20)
  })
})

describe('quantise', () => {
  it('maps empty cells to 0, any positive cell to at least 1, saturated cells to 255', () => {
    const v = new Float32Array([0, -3, NaN, 1e-6, 50, 100, 1e9])
    expect([...quantise(v, (x) => Math.min(1, x / 100))]).toEqual([0, 0, 0, 1, 128, 255, 255])
  })
})

describe('rasterise', () => {
  // A LUT where index i is the colour (i, 0, 0) makes the chosen index visible in red.
  const lut = new Uint8Array(768)
  for (let i = 0; i < 256; i++) lut[i * 3] = i

  it('draws row 0 at the bottom and column 0 at the left (upscaling)', () => {
    // 2 columns × 2 rows, column-major: (c0,r0)=10 (c0,r1)=20 (c1,r0)=30 (c1,r1)=40
    const px = rasterise(new Uint8Array([10, 20, 30, 40]), 2, 2, lut, 4, 4)
    const red = (x: number, y: number) => px[(y * 4 + x) * 4]
    expect([red(0, 3), red(1, 2)]).toEqual([10, 10]) // bottom-left
    expect([red(0, 0), red(1, 1)]).toEqual([20, 20]) // top-left
    expect([red(3, 3), red(2, 2)]).toEqual([30, 30]) // bottom-right
    expect([red(3, 0), red(2, 1)]).toEqual([40, 40]) // top-right
    expect(px[3]).toBe(255)
  })

  it('keeps a single hot cell visible when there are more cells than pixels', () => {
    const cols = 1000
    const rows = 300
    const idx = new Uint8Array(cols * rows)
    idx[777 * rows + 211] = 200
    const w = 97
    const h = 41
    const px = rasterise(idx, cols, rows, lut, w, h)
    const hot: [number, number][] = []
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) if (px[(y * w + x) * 4] === 200) hot.push([x, y])
    }
    expect(hot).toEqual([[Math.floor((777 / cols) * w), h - 1 - Math.floor((211 / rows) * h)]])
  })

  it('returns transparent pixels for an empty grid', () => {
    expect(rasterise(new Uint8Array(0), 0, 0, lut, 3, 2).every((v) => v === 0)).toBe(true)
  })
})
