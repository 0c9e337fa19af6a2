/**
 * Deterministic market history the fake venues serve over REST, as plain functions of time so a
 * test can compute what a backfill must return without trusting the code under test.
 * Prices in USD, sizes in base units (BTC), times UTC ms.
 * @module
 */

/** Price at `ts`: a slow sine around 60 000, rounded to 0.1. */
export function priceAt(ts: number): number {
  return Math.round((60_000 + 1000 * Math.sin(ts / 3_600_000)) * 10) / 10
}

export interface SeriesBar {
  readonly ts: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  /** Base units. */
  readonly volume: number
  /** Base units bought by takers. */
  readonly takerBuy: number
}

export function barAt(ts: number, tfMs: number): SeriesBar {
  const open = priceAt(ts)
  const close = priceAt(ts + tfMs)
  const volume = 10 + (Math.floor(ts / tfMs) % 7)
  return {
    ts,
    open,
    close,
    high: Math.round((Math.max(open, close) + 5) * 10) / 10,
    low: Math.round((Math.min(open, close) - 5) * 10) / 10,
    volume,
    takerBuy: Math.round(volume * 0.6 * 1000) / 1000,
  }
}

/** One-sided open interest (base units) at `ts`. */
export function oiAt(ts: number): number {
  return 80_000 + (Math.floor(ts / 300_000) % 100)
}

/** Funding rate of the settlement at `ts`. */
export function fundingAt(ts: number): number {
  return Math.round((0.0001 + (Math.floor(ts / 28_800_000) % 5) * 0.00001) * 1e8) / 1e8
}

/** Grid times `t` with `t % step == 0` and `from ≤ t ≤ to` (inclusive), oldest first. */
export function grid(from: number, to: number, step: number): number[] {
  const out: number[] = []
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t)
  return out
}

export const TF_MS: Record<string, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
}
