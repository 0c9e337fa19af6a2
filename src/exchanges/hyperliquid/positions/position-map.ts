/**
 * Current positions in one coin, one per account (each poll replaces the account's entry; a size
 * of 0 or no entry removes it), and the exact liquidation map they make: notional = |szi| × mark
 * binned at the venue's own `liquidationPx`. A null `liquidationPx` (no price liquidates it) is
 * counted in coverage but not drawn. Coverage = seen notional / both sides of the open interest.
 * @module
 */
import { toCanonical } from '../../symbols.ts'
import { HL_OI_SIDES } from '../mapper.ts'
import type { ExactLiquidationMap, HlPosition } from './types.ts'

export interface ExactMapOptions {
  /** Current mark price, USD: the map's centre and every position's notional price. */
  readonly markPx: number
  /** `openInterest` as the venue reports it, base units (divided by HL_OI_SIDES here). */
  readonly openInterest: number
  /** The map's time (ages are measured to it), UTC ms. */
  readonly now: number
  /** Venue coin (default BTC). */
  readonly coin?: string
  /** Number of bins (default 200, as the model's map). */
  readonly bins?: number
  /** Range each side of the price, % (default 15, as the model's map). */
  readonly rangePct?: number
}

export class PositionMap {
  private readonly _by = new Map<string, HlPosition>()

  /** Replaces the account's position (undefined = it has none now). */
  set(address: string, p: HlPosition | undefined): void {
    if (p === undefined || !(p.size > 0)) this._by.delete(address)
    else this._by.set(address, p)
  }

  delete(address: string): void {
    this._by.delete(address)
  }

  get(address: string): HlPosition | undefined {
    return this._by.get(address)
  }

  get size(): number {
    return this._by.size
  }

  values(): IterableIterator<HlPosition> {
    return this._by.values()
  }

  exactMap(o: ExactMapOptions): ExactLiquidationMap {
    return exactLiquidationMap(this._by.values(), o)
  }
}

/** The exact map of `positions` (one per account) around `markPx`. */
export function exactLiquidationMap(
  positions: Iterable<HlPosition>,
  o: ExactMapOptions,
): ExactLiquidationMap {
  const bins = o.bins ?? 200
  const range = (o.rangePct ?? 15) / 100
  if (!(o.markPx > 0)) throw new RangeError(`markPx ${o.markPx} must be > 0`)
  if (!(o.openInterest >= 0)) throw new RangeError(`openInterest ${o.openInterest} must be ≥ 0`)
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins ${bins} must be ≥ 1`)
  if (!(range > 0 && range < 1)) throw new RangeError(`rangePct ${o.rangePct} must be in (0, 100)`)
  const price = o.markPx
  const priceMin = price * (1 - range)
  const step = (price * (1 + range) - priceMin) / bins
  const long = new Array<number>(bins).fill(0)
  const short = new Array<number>(bins).fill(0)
  let seenLong = 0
  let seenShort = 0
  let noLiq = 0
  let outLong = 0
  let outShort = 0
  let past = 0
  let mapped = 0
  let oldest = Infinity
  let ageSum = 0
  const accounts = new Set<string>()
  for (const p of positions) {
    const usd = p.size * price
    accounts.add(p.address)
    oldest = Math.min(oldest, p.polledAt)
    ageSum += usd * (o.now - p.polledAt)
    if (p.side === 'long') seenLong += usd
    else seenShort += usd
    const lp = p.liquidationPx
    if (lp === null) {
      noLiq += usd
      continue
    }
    if (p.side === 'long' ? lp >= price : lp <= price) past += usd
    const i = Math.floor((lp - priceMin) / step)
    if (i < 0 || i >= bins) {
      if (p.side === 'long') outLong += usd
      else outShort += usd
      continue
    }
    mapped++
    if (p.side === 'long') long[i] += usd
    else short[i] += usd
  }
  const pIdx = Math.min(bins - 1, Math.floor((price - priceMin) / step))
  const cumLong = new Array<number>(bins).fill(0)
  const cumShort = new Array<number>(bins).fill(0)
  let acc = 0
  for (let i = pIdx; i >= 0; i--) cumLong[i] = acc += long[i]
  acc = 0
  for (let i = pIdx; i < bins; i++) cumShort[i] = acc += short[i]
  const oi = o.openInterest / HL_OI_SIDES
  const oiUsd = oi * price
  const seen = seenLong + seenShort
  return {
    at: o.now,
    price,
    priceMin,
    step,
    long,
    short,
    cumLong,
    cumShort,
    exact: true,
    venue: 'hyperliquid',
    symbol: toCanonical('hyperliquid', o.coin ?? 'BTC'),
    coverage: oiUsd > 0 ? seen / (2 * oiUsd) : 0,
    coverageLong: oiUsd > 0 ? seenLong / oiUsd : 0,
    coverageShort: oiUsd > 0 ? seenShort / oiUsd : 0,
    openInterest: oi,
    openInterestUsd: oiUsd,
    seenLongUsd: seenLong,
    seenShortUsd: seenShort,
    noLiquidationUsd: noLiq,
    outOfRangeLongUsd: outLong,
    outOfRangeShortUsd: outShort,
    pastPriceUsd: past,
    addresses: accounts.size,
    positionsMapped: mapped,
    oldestAgeMs: accounts.size > 0 ? Math.max(0, o.now - oldest) : 0,
    meanAgeMs: seen > 0 ? Math.max(0, ageSum / seen) : 0,
  }
}
