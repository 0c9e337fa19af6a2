/**
 * One validator per normalised event type (ccxt's `test.<structure>` idea): prices and sizes
 * positive and finite, sides and kinds in their sets, times sane. `eventProblem` is cheap and
 * allocation-free: mappers run it on every event they build and drop what fails (counted as
 * malformed). `eventProblems` adds the clock check (event time not after receive time + skew) and
 * is what the tests run on every mapper's output.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import { isVenue } from '../core/types.ts'

/** 2010-01-01: no venue event is older. */
export const MIN_TS = 1_262_304_000_000
/** Allowed lead of an exchange time over our receive time (clock skew). */
export const MAX_SKEW_MS = 5 * 60_000

function pos(x: number | undefined): boolean {
  return x !== undefined && Number.isFinite(x) && x > 0
}
function nonNeg(x: number | undefined): boolean {
  return x === undefined || (Number.isFinite(x) && x >= 0)
}

function levelsProblem(
  side: string,
  lv: readonly (readonly [number, number])[],
): string | undefined {
  for (let i = 0; i < lv.length; i++) {
    const l = lv[i]
    if (!pos(l[0]) || !pos(l[1])) return `${side}[${i}] must have price > 0 and qty > 0`
    if (i > 0) {
      const better = side === 'bids' ? l[0] < lv[i - 1][0] : l[0] > lv[i - 1][0]
      if (!better) return `${side} must be sorted best first without repeats`
    }
  }
  return undefined
}

/** First problem of an event, or undefined when it is valid. No clock check. */
export function eventProblem(e: MarketEvent): string | undefined {
  if (!isVenue(e.venue)) return `venue '${e.venue}' unknown`
  if (!(e.localTs > MIN_TS)) return 'localTs not a sane epoch ms'
  if (e.type === 'disconnect') return e.reason.length > 0 ? undefined : 'disconnect without reason'
  if (e.symbol.length === 0) return 'symbol empty'
  if (!(e.ts > MIN_TS) || !Number.isInteger(e.ts)) return 'ts not a sane epoch ms'
  switch (e.type) {
    case 'trade':
      if (!pos(e.price)) return 'trade price must be > 0'
      if (!pos(e.qty)) return 'trade qty must be > 0'
      if (e.takerSide !== 'buy' && e.takerSide !== 'sell') return 'takerSide must be buy|sell'
      return e.id.length > 0 ? undefined : 'trade id empty'
    case 'bar':
      if (!pos(e.open) || !pos(e.high) || !pos(e.low) || !pos(e.close))
        return 'bar OHLC must be > 0'
      if (e.high < Math.max(e.open, e.close, e.low)) return 'bar high below open/close/low'
      if (e.low > Math.min(e.open, e.close)) return 'bar low above open/close'
      if (!nonNeg(e.volume) || !nonNeg(e.quoteVolume)) return 'bar volume must be ≥ 0'
      if (!nonNeg(e.takerBuyVolume) || !nonNeg(e.takerBuyQuoteVolume))
        return 'taker volume must be ≥ 0'
      if (
        e.volume !== undefined &&
        e.takerBuyVolume !== undefined &&
        e.takerBuyVolume > e.volume * (1 + 1e-9)
      ) {
        return 'taker-buy volume exceeds volume'
      }
      return e.tf.length > 0 ? undefined : 'bar tf empty'
    case 'open_interest':
      if (!(Number.isFinite(e.oi) && e.oi >= 0)) return 'oi must be ≥ 0'
      return nonNeg(e.oiUsd) ? undefined : 'oiUsd must be ≥ 0'
    case 'funding':
      if (!Number.isFinite(e.rate) || Math.abs(e.rate) >= 1)
        return 'funding rate must be a fraction in (-1, 1)'
      if (!pos(e.intervalHours)) return 'funding intervalHours must be > 0'
      if (e.markPrice !== undefined && !pos(e.markPrice)) return 'markPrice must be > 0'
      if (e.indexPrice !== undefined && !pos(e.indexPrice)) return 'indexPrice must be > 0'
      return e.nextFundingTs === undefined || e.nextFundingTs > MIN_TS
        ? undefined
        : 'nextFundingTs not sane'
    case 'liquidation':
      if (e.side !== 'long' && e.side !== 'short') return 'liquidation side must be long|short'
      if (!pos(e.price)) return 'liquidation price must be > 0'
      if (!pos(e.qty)) return 'liquidation qty must be > 0'
      if (!pos(e.usd) || Math.abs(e.usd - e.qty * e.price) > 1e-6 * e.usd)
        return 'usd must be qty × price'
      return undefined
    case 'book':
      return levelsProblem('bids', e.bids) ?? levelsProblem('asks', e.asks)
  }
}

/** Every problem of an event including the clock check (exchange time ≤ receive time + skew). */
export function eventProblems(e: MarketEvent): string[] {
  const out: string[] = []
  const p = eventProblem(e)
  if (p) out.push(p)
  if (e.type !== 'disconnect' && e.ts > e.localTs + MAX_SKEW_MS)
    out.push('ts is after localTs + skew')
  if (e.type === 'book' && e.bids.length > 0 && e.asks.length > 0 && e.bids[0][0] >= e.asks[0][0]) {
    out.push('book crossed: best bid ≥ best ask')
  }
  return out
}
