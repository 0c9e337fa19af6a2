/**
 * The liquidation map at the model's current instant: standing notional per linear price bin
 * around the price, with cumulative curves from the price outward.
 * @module
 */
import type { ModelEngine } from './engine.ts'
import { bookMatches } from './profile.ts'
import { accumulate, buildRowMap } from './rows.ts'
import type { LiquidationMap, ModelFilter } from './types.ts'

export interface MapOptions {
  readonly filter?: ModelFilter
  /** Number of bins. Default 200. */
  readonly bins?: number
  /** Range each side of price, %. Default 15. */
  readonly rangePct?: number
}

/** The map's linear grid around `price`: `bins` bins over ±`rangePct` %. */
export function mapGrid(
  price: number,
  bins: number,
  rangePct: number,
): { priceMin: number; step: number } {
  const priceMin = price * (1 - rangePct / 100)
  return { priceMin, step: (price * (1 + rangePct / 100) - priceMin) / bins }
}

export function liquidationMap(engine: ModelEngine, opts: MapOptions = {}): LiquidationMap {
  const bar = engine.lastBar
  const bins = opts.bins ?? 200
  if (!bar) {
    return { at: 0, price: 0, priceMin: 0, step: 0, long: [], short: [], cumLong: [], cumShort: [] }
  }
  engine.settleAll()
  const price = bar.close
  const rangePct = opts.rangePct ?? 15
  const { priceMin, step } = mapGrid(price, bins, rangePct)
  const priceMax = price * (1 + rangePct / 100)
  const long = new Float64Array(bins)
  const short = new Float64Array(bins)
  const rowMap = buildRowMap(
    { priceMin, priceMax, rows: bins },
    (i) => engine.binPrice(i),
    (p) => engine.coord(p),
    engine.size,
  )
  const books = engine.books.filter((_, k) => bookMatches(engine.info[k], opts.filter))
  accumulate(books, rowMap, long, short)
  const pIdx = Math.min(bins - 1, Math.floor((price - priceMin) / step))
  const cumLong = new Array<number>(bins).fill(0)
  const cumShort = new Array<number>(bins).fill(0)
  let acc = 0
  for (let i = pIdx; i >= 0; i--) cumLong[i] = acc += long[i]
  acc = 0
  for (let i = pIdx; i < bins; i++) cumShort[i] = acc += short[i]
  return {
    at: bar.ts,
    price,
    priceMin,
    step,
    long: Array.from(long),
    short: Array.from(short),
    cumLong,
    cumShort,
  }
}
