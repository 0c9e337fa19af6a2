import { mkdirSync, writeFileSync } from 'node:fs'
import { createCanvas, loadImage } from '@napi-rs/canvas'
import { describe, expect, it } from 'vitest'
import { DataError, UsageError } from '../core/errors.ts'
import type { Bar } from '../core/types.ts'
import type { HeatmapGrid } from '../model/types.ts'
import { fixtureGrid } from './fixture-grid.ts'
import { heatmapLayout, THEME } from './layout.ts'
import { renderHeatmapPng, renderHeatmapPngAsync, type RenderOptions } from './png.ts'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 4, 21, 0)
const COLS = 24
const ROWS = 40
const PRICE_MIN = 90
const PRICE_MAX = 130 // 1 USD per row
const HOT = { c: 5, r: 35 } // price 125..126, far above the candles (100..110)
const ZERO = { c: 15, r: 25 } // price 115..116, an empty cell

/** A hand-built grid: a graded block of longs in rows 0..15, one huge short cell, zeros elsewhere. */
function handGrid(): { grid: HeatmapGrid; long: Float32Array; short: Float32Array } {
  const long = new Float32Array(COLS * ROWS)
  const short = new Float32Array(COLS * ROWS)
  for (let c = 0; c < COLS; c++)
    for (let r = 0; r < 16; r++) long[c * ROWS + r] = (c + 1) * (r + 1) * 1000
  short[HOT.c * ROWS + HOT.r] = 5e7
  const candles: Bar[] = Array.from({ length: COLS }, (_, c) => {
    const open = 104 + Math.sin(c / 3) * 3
    const close = 104 + Math.sin((c + 1) / 3) * 3
    return {
      ts: T0 + c * HOUR,
      open,
      close,
      high: Math.max(open, close) + 1,
      low: Math.min(open, close) - 1,
    }
  })
  const grid: HeatmapGrid = {
    symbol: 'BTCUSDT',
    times: candles.map((b) => b.ts),
    columnMs: HOUR,
    rows: ROWS,
    priceMin: PRICE_MIN,
    priceMax: PRICE_MAX,
    long,
    short,
    maxCell: 5e7,
    candles,
    filter: {},
  }
  return { grid, long, short }
}

async function decode(png: Buffer) {
  const img = await loadImage(png)
  const canvas = createCanvas(img.width, img.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(img, 0, 0)
  const data = ctx.getImageData(0, 0, img.width, img.height).data
  const at = (x: number, y: number) => {
    const o = (Math.round(y) * img.width + Math.round(x)) * 4
    return [data[o], data[o + 1], data[o + 2]]
  }
  return { width: img.width, height: img.height, at }
}

const W = 800
const H = 450
const opts: RenderOptions = {
  width: W,
  height: H,
  title: 'BTCUSDT test',
  subtitle: 'hand-built grid',
}
const layout = heatmapLayout(W, H)
const cellCentre = (c: number, r: number) => ({
  x: layout.plot.x + ((c + 0.5) / COLS) * layout.plot.w,
  y: layout.plot.y + layout.plot.h - ((r + 0.5) / ROWS) * layout.plot.h,
})
const bg = [...THEME.background]
const isBg = (p: number[]) => p.every((v, k) => v === bg[k])

/** The hand grid without columns. */
const emptyGrid = (): HeatmapGrid => ({
  ...handGrid().grid,
  times: [],
  long: new Float32Array(0),
  short: new Float32Array(0),
  candles: [],
})

describe('renderHeatmapPng', () => {
  it('renders a PNG of the requested size, with a readable heatmap', async () => {
    const png = renderHeatmapPng(handGrid().grid, opts)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const img = await decode(png)
    expect([img.width, img.height]).toEqual([W, H])

    const colours = new Set<string>()
    const { plot } = layout
    for (let y = plot.y; y < plot.y + plot.h; y += 2) {
      for (let x = plot.x; x < plot.x + plot.w; x += 2) colours.add(img.at(x, y).join(','))
    }
    expect(colours.size).toBeGreaterThan(100)

    const hot = cellCentre(HOT.c, HOT.r)
    const [r, g, b] = img.at(hot.x, hot.y)
    expect(r).toBeGreaterThan(200) // viridis top is #fde725
    expect(g).toBeGreaterThan(180)
    expect(b).toBeLessThan(100)

    // Most of the zero cell's pixels are exactly background (a faint grid line may cross it).
    const z = cellCentre(ZERO.c, ZERO.r)
    let bgCount = 0
    let total = 0
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -8; dx <= 8; dx++, total++) if (isBg(img.at(z.x + dx, z.y + dy))) bgCount++
    }
    expect(bgCount / total).toBeGreaterThan(0.8)

    // The header carries text (the font loaded): bright pixels in the title line.
    let bright = 0
    for (let x = 10; x < 300; x++) for (let y = 8; y < 30; y++) if (img.at(x, y)[0] > 150) bright++
    expect(bright).toBeGreaterThan(50)
  })

  it('draws one side only when asked', async () => {
    const img = await decode(renderHeatmapPng(handGrid().grid, { ...opts, side: 'long' }))
    const hot = cellCentre(HOT.c, HOT.r) // a short cell
    expect(isBg(img.at(hot.x, hot.y))).toBe(true)
    const longCell = cellCentre(20, 2)
    expect(isBg(img.at(longCell.x, longCell.y))).toBe(false)
  })

  it('treats NaN and negative cells as 0', async () => {
    const { grid, long, short } = handGrid()
    short[HOT.c * ROWS + HOT.r] = NaN
    long[20 * ROWS + 2] = -5e7
    const img = await decode(renderHeatmapPng(grid, opts))
    for (const p of [cellCentre(HOT.c, HOT.r), cellCentre(20, 2)]) {
      expect(isBg(img.at(p.x, p.y))).toBe(true)
    }
  })

  it('gives the same bytes when encoded off the event loop (the server), data or not', async () => {
    const empty = emptyGrid()
    for (const grid of [handGrid().grid, empty]) {
      const sync = renderHeatmapPng(grid, opts)
      expect((await renderHeatmapPngAsync(grid, opts)).equals(sync)).toBe(true)
    }
    await expect(renderHeatmapPngAsync(handGrid().grid, { ...opts, width: 10 })).rejects.toThrow(
      /--width/,
    )
  })

  it('renders a "no data" image for a grid without columns or with only zeros', async () => {
    const empty = emptyGrid()
    const zeros: HeatmapGrid = {
      ...handGrid().grid,
      long: new Float32Array(COLS * ROWS),
      short: new Float32Array(COLS * ROWS),
    }
    for (const grid of [empty, zeros]) {
      const img = await decode(renderHeatmapPng(grid, opts))
      expect([img.width, img.height]).toEqual([W, H])
      // The note's text sits in the middle of the plot.
      const { plot } = layout
      let bright = 0
      for (let x = plot.x + plot.w / 2 - 120; x < plot.x + plot.w / 2 + 120; x++) {
        for (let y = plot.y + plot.h / 2 - 8; y < plot.y + plot.h / 2 + 8; y++) {
          if (img.at(x, y)[1] > 150) bright++
        }
      }
      expect(bright).toBeGreaterThan(30)
    }
  })

  it('rejects bad options and inconsistent grids with named errors', () => {
    const { grid } = handGrid()
    expect(() => renderHeatmapPng(grid, { ...opts, width: 100 })).toThrow(/--width/)
    expect(() => renderHeatmapPng(grid, { ...opts, height: 1.5 })).toThrow(UsageError)
    const bad = { ...opts, palette: 'rainbow' } as unknown as RenderOptions
    expect(() => renderHeatmapPng(grid, bad)).toThrow(/--palette/)
    expect(() => renderHeatmapPng(grid, { ...opts, clipPercentile: 0 })).toThrow(
      /--clip-percentile/,
    )
    const short = { ...grid, short: new Float32Array(3) }
    expect(() => renderHeatmapPng(short, opts)).toThrow(DataError)
    expect(() => renderHeatmapPng(short, opts)).toThrow(/short.*24.*40/)
  })

  it('renders a 1000 × 500 grid quickly and saves a sample', () => {
    const big = fixtureGrid({ cols: 1000, rows: 500 })
    const title = 'BTCUSDT perp · Binance + Bybit + OKX · 30m'
    const subtitle = 'synthetic fixture · leverage 10/25/50/100× · sqrt scale, clip p99'
    renderHeatmapPng(big, { title }) // warm up fonts and native code
    const t0 = performance.now()
    const png = renderHeatmapPng(big, { title, subtitle })
    const ms = performance.now() - t0
    console.log(`render 1000×500 grid → 1600×900 PNG: ${ms.toFixed(0)} ms, ${png.length} bytes`)
    expect(ms).toBeLessThan(3000)
    const sample = renderHeatmapPng(fixtureGrid({ cols: 300, rows: 300 }), { title, subtitle })
    mkdirSync('test-artifacts', { recursive: true })
    writeFileSync('test-artifacts/render-sample.png', sample)
    writeFileSync('test-artifacts/render-sample-1000x500.png', png)
  })
})
