/**
 * Test fixture: a deterministic, plausible-looking HeatmapGrid (seeded random-walk candles and
 * leverage-ladder liquidation bands that vanish when price trades through them). For render tests
 * and samples only; it is not the liqheat model.
 * @module
 */
import type { Bar } from '../core/types.ts'
import type { HeatmapGrid } from '../model/types.ts'

/** Deterministic PRNG in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LADDER: readonly [number, number][] = [
  [10, 0.3],
  [25, 0.3],
  [50, 0.25],
  [100, 0.15],
]

interface Level {
  price: number
  usd: number
  side: 'long' | 'short'
}

export function fixtureGrid(opts: {
  cols: number
  rows: number
  columnMs?: number
  start?: number
  seed?: number
}): HeatmapGrid {
  const { cols, rows } = opts
  const columnMs = opts.columnMs ?? 1_800_000
  const start = opts.start ?? Date.UTC(2026, 4, 21, 10)
  const rand = seededRandom(opts.seed ?? 7)
  const candles: Bar[] = []
  let price = 104_000
  const vol = 0.004 * Math.sqrt(columnMs / 1_800_000)
  for (let c = 0; c < cols; c++) {
    const open = price
    const close = open * (1 + (rand() - 0.5) * 2 * vol + Math.sin(c / 40) * vol * 0.3)
    const high = Math.max(open, close) * (1 + rand() * vol * 0.6)
    const low = Math.min(open, close) * (1 - rand() * vol * 0.6)
    candles.push({ ts: start + c * columnMs, open, high, low, close })
    price = close
  }
  const lo = Math.min(...candles.map((b) => b.low))
  const hi = Math.max(...candles.map((b) => b.high))
  const priceMin = lo * 0.97
  const priceMax = hi * 1.03
  const step = (priceMax - priceMin) / rows
  const long = new Float32Array(cols * rows)
  const short = new Float32Array(cols * rows)
  let levels: Level[] = []
  for (let c = 0; c < cols; c++) {
    const b = candles[c]
    levels = levels.filter((l) => (l.side === 'long' ? l.price < b.low : l.price > b.high))
    for (const l of levels) l.usd *= 0.97
    const notional = 1e6 + rand() ** 4 * 6e7
    for (const [lev, w] of LADDER) {
      const entry = b.low + (b.high - b.low) * rand()
      const share = notional * w * (0.5 + rand())
      levels.push({ price: entry * (1 - 1 / lev + 0.004), usd: share * 0.5, side: 'long' })
      levels.push({ price: entry * (1 + 1 / lev - 0.004), usd: share * 0.5, side: 'short' })
    }
    for (const l of levels) {
      const r = Math.floor((l.price - priceMin) / step)
      if (r < 0 || r >= rows) continue
      ;(l.side === 'long' ? long : short)[c * rows + r] += l.usd
    }
  }
  let maxCell = 0
  for (let i = 0; i < long.length; i++) maxCell = Math.max(maxCell, long[i] + short[i])
  return {
    symbol: 'BTCUSDT',
    times: candles.map((b) => b.ts),
    columnMs,
    rows,
    priceMin,
    priceMax,
    long,
    short,
    maxCell,
    candles,
    filter: {},
  }
}
