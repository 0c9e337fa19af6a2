// Unit tests of the page's pure modules (run in node; no browser).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyLayout,
  DEFAULT_VIEW,
  fromUrl,
  layoutOf,
  toUrl,
  type ViewState,
} from '../../web/app/state.ts'
import { quantile, scaleFn, sortedSample } from '../../web/chart/colour.ts'
import { GridStore } from '../../web/chart/grid-store.ts'
import { floor2, nearRule, sweptRule } from '../../web/app/alert-rules.ts'
import { csvUrl, pineUrl, pngUrl, REVIEW_SPANS, reviewUrl } from '../../web/app/export-links.ts'
import { parseRuleSpec } from '../../src/alerts/schema.ts'
import { csvQuery, pineQuery, pngQuery } from '../../src/export/routes.ts'
import { reviewQuery } from '../../src/review/routes.ts'
import { parseQuery } from '../../src/server/query.ts'
import type { DecodedHeatmap } from '../../web/client/decode-heatmap.ts'

describe('view state in the URL', () => {
  it('round-trips any valid view', () => {
    const view = fc.record({
      symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
      tf: fc.constantFrom('', '5m', '1h', '1d'),
      lookback: fc.constantFrom('3d', '7d', '14d', '30d', '90d'),
      venues: fc.subarray(['binance', 'bybit', 'okx', 'hyperliquid'] as const, { minLength: 1 }),
      tiers: fc.subarray([5, 10, 25, 50, 100], { minLength: 1 }),
      palette: fc.constantFrom('viridis', 'inferno', 'magma', 'turbo', 'greyscale'),
      scaling: fc.constantFrom('linear', 'sqrt', 'log'),
      clip: fc.constantFrom(90, 95, 99, 99.5, 100),
      halfLife: fc.constantFrom(0, 6, 24, 168),
      overlays: fc.subarray(['vp', 'oi', 'funding', 'cvd', 'depth'] as const),
      map: fc.boolean(),
      lite: fc.boolean(),
    })
    fc.assert(
      fc.property(view, (v) => {
        const s = v as ViewState
        expect(fromUrl(toUrl(s))).toEqual(s)
      }),
    )
  })

  it('ignores junk in a hand-edited URL', () => {
    const v = fromUrl(
      '?s=btc-usdt&tf=7x&lb=2d&v=binance,ftx&lev=5,7,100&pal=jet&clip=150&hl=3&ov=vp,rsi',
    )
    expect(v).toMatchObject({
      symbol: 'BTCUSDT',
      tf: '',
      lookback: '7d',
      venues: ['binance'],
      tiers: [5, 100],
      palette: 'viridis',
      clip: 99,
      halfLife: 0,
      overlays: ['vp'],
    })
  })

  it('applies a template’s layout but keeps the symbol, timeframe and lookback', () => {
    const mine: ViewState = { ...DEFAULT_VIEW, symbol: 'ETHUSDT', tf: '1h', lookback: '30d' }
    const saved = layoutOf({
      ...DEFAULT_VIEW,
      palette: 'magma',
      scaling: 'log',
      tiers: [25, 50],
      venues: ['okx'],
      overlays: ['cvd'],
    })
    expect(saved).not.toHaveProperty('symbol')
    const v = applyLayout(mine, saved)
    expect(v).toMatchObject({
      symbol: 'ETHUSDT',
      tf: '1h',
      lookback: '30d',
      palette: 'magma',
      scaling: 'log',
      tiers: [25, 50],
      venues: ['okx'],
      overlays: ['cvd'],
    })
  })
})

describe('colour scaling', () => {
  it('maps 0 → 0 and 1 → 1, monotonically, for every scaling', () => {
    for (const s of ['linear', 'sqrt', 'log'] as const) {
      const f = scaleFn(s)
      expect(f(0)).toBe(0)
      expect(f(1)).toBeCloseTo(1, 12)
      let prev = -1
      for (let x = 0; x <= 1; x += 0.01) {
        expect(f(x)).toBeGreaterThanOrEqual(prev)
        prev = f(x)
      }
    }
    expect(scaleFn('log')(0.001)).toBeGreaterThan(0.09) // log lifts the faint cells
  })

  it('clips at the requested percentile of the positive cells', () => {
    const a = new Float32Array(1000)
    for (let i = 0; i < 1000; i++) a[i] = i % 2 === 0 ? 0 : i // 500 positives: 1, 3, …, 999
    const s = sortedSample(a)
    expect(s.length).toBe(500)
    expect(quantile(s, 100)).toBe(999)
    expect(quantile(s, 50)).toBe(499)
  })
})

describe('GridStore live columns', () => {
  const rows = 3
  const grid = (): DecodedHeatmap => ({
    header: {
      symbol: 'X',
      columns: 2,
      rows,
      columnMs: 60_000,
      priceMin: 10,
      priceMax: 13,
      encoding: 'sqrt-u8',
      skip: 0,
      segments: [],
      maxCell: 0,
      filter: {},
      estimated: true,
      meta: {},
    },
    times: Float64Array.from([0, 60_000]),
    candles: [0, 60_000].map((t) => ({
      time: t,
      open: 11,
      high: 12,
      low: 10,
      close: 11,
      volume: 1,
    })),
    long: Float32Array.from([1, 2, 3, 4, 5, 6]),
    short: new Float32Array(6),
  })
  const col = (time: number, v: number) => ({
    type: 'column' as const,
    symbol: 'X',
    time,
    barTs: time,
    closedAt: 0,
    sentAt: 0,
    candle: { time, open: 1, high: 2, low: 0.5, close: 1.5, volume: 1 },
    long: [v, v, v],
    short: [0, 0, 0],
  })

  it('replaces the last column or appends a new one, and ignores older ones', () => {
    const g = new GridStore()
    g.load(grid())
    expect(g.apply(col(60_000, 9))).toBe('replaced')
    expect(Array.from(g.long)).toEqual([1, 2, 3, 9, 9, 9])
    expect(g.apply(col(120_000, 7))).toBe('appended')
    expect(g.columns).toBe(3)
    expect(Array.from(g.long.subarray(6))).toEqual([7, 7, 7])
    expect(g.colAt(120_000)).toBe(2)
    expect(g.apply(col(0, 1))).toBe('ignored')
    expect(g.cell(2, 12.5)).toEqual({ long: 7, short: 0, low: 12, high: 13 })
    expect(g.cell(2, 13)).toBeUndefined()
  })
})

const anyView = fc.record({
  symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
  tf: fc.constantFrom('', '5m', '1h', '1d'),
  lookback: fc.constantFrom('3d', '7d', '14d', '30d', '90d'),
  venues: fc.subarray(['binance', 'bybit', 'okx', 'hyperliquid'] as const, { minLength: 1 }),
  tiers: fc.subarray([5, 10, 25, 50, 100], { minLength: 1 }),
  palette: fc.constantFrom('viridis', 'inferno', 'magma', 'turbo', 'greyscale'),
  scaling: fc.constantFrom('linear', 'sqrt', 'log'),
  clip: fc.constantFrom(90, 95, 99, 99.5, 100),
  halfLife: fc.constantFrom(0, 6, 24, 168),
  overlays: fc.subarray(['vp', 'oi', 'funding', 'cvd', 'depth'] as const),
  map: fc.boolean(),
  lite: fc.boolean(),
}) as fc.Arbitrary<ViewState>

const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)

describe('export links', () => {
  it("pass the server's own parameter checks for any view", () => {
    fc.assert(
      fc.property(anyView, fc.constantFrom(...REVIEW_SPANS), (s, hours) => {
        const png = parseQuery(pngQuery, query(pngUrl(s)))
        expect(png).toMatchObject({ symbol: s.symbol, palette: s.palette, scaling: s.scaling })
        expect(png.clip).toBe(s.clip)
        parseQuery(pineQuery, query(pineUrl(s)))
        for (const what of ['grid', 'map', 'clusters'] as const)
          expect(parseQuery(csvQuery, query(csvUrl(s, what))).what).toBe(what)
        const end = Date.UTC(2025, 9, 24, 15)
        const r = parseQuery(reviewQuery, query(reviewUrl(s, end, hours)))
        expect(r.to).toBe(end)
        expect(r.from).toBe(end - hours * 3_600_000)
      }),
      { numRuns: 200 },
    )
  })

  it('PNG: the heatmap query without format; map CSV: no window parameters', () => {
    const s: ViewState = { ...DEFAULT_VIEW, venues: ['okx'], tiers: [25, 50] }
    const png = query(pngUrl(s))
    expect(png).toEqual({
      symbol: 'BTCUSDT',
      exchanges: 'okx',
      leverage: '25,50',
      lookback: '7d',
      rows: '200',
      palette: 'viridis',
      scaling: 'linear',
      clip: '99',
    })
    expect(query(csvUrl(s, 'map'))).toEqual({
      what: 'map',
      symbol: 'BTCUSDT',
      exchanges: 'okx',
      leverage: '25,50',
      bins: '160',
      rangePct: '12',
    })
  })
})

describe("a cluster's one-click alert rules", () => {
  const cluster = fc
    .record({
      side: fc.constantFrom('long' as const, 'short' as const),
      low: fc.double({ min: 1000, max: 200_000, noNaN: true }),
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.double({ min: 0, max: 1, noNaN: true }),
      usd: fc.double({ min: 0, max: 5e10, noNaN: true }),
    })
    .map(({ side, low, a, b, usd }) => {
      const high = low * (1 + 0.02 * Math.max(a, b))
      return {
        side,
        priceLow: low,
        priceHigh: high,
        peakPrice: low + (high - low) * Math.min(a, b),
        notionalUsd: usd,
      }
    })

  it('are valid rules for the server, aimed at the clicked cluster', () => {
    fc.assert(
      fc.property(cluster, (c) => {
        const swept = parseRuleSpec(sweptRule('BTCUSDT', c))
        expect(swept).toMatchObject({ kind: 'swept', once: true, channels: { page: true } })
        if (swept.kind === 'swept') expect(swept.target?.peakPrice).toBe(c.peakPrice)
        const near = parseRuleSpec(nearRule('BTCUSDT', c))
        if (near.kind !== 'near') throw new Error('not a near rule')
        expect(near).toMatchObject({ side: c.side, withinPct: 0.5 })
        expect(near.minUsd).toBeLessThanOrEqual(c.notionalUsd * 0.5)
        expect(near.minUsd).toBeGreaterThanOrEqual(c.notionalUsd * 0.5 * 0.9 - 1)
      }),
    )
  })

  it('rounds the near threshold down to two significant digits', () => {
    expect(floor2(1_234_567)).toBe(1_200_000)
    expect(floor2(99_999)).toBe(99_000)
    expect(floor2(10.7)).toBe(10)
    expect(floor2(5e-324)).toBe(0)
    expect(floor2(0)).toBe(0)
    expect(floor2(-5)).toBe(0)
  })
})
