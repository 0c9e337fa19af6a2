/**
 * The shipped tier tables (BTCUSDT on each venue, JSON data under `./tiers/`) and look-ups in a
 * table by notional. Pure: the JSON is bundled at import time, nothing is read at run time.
 * @module
 */
import type { Venue } from '../core/types.ts'
import { requireNonNegative } from './check.ts'
import { parseTierTable } from './parse-table.ts'
import type { MarginTier, TierTable } from './types.ts'
import binanceBtcusdt from './tiers/binance-btcusdt.json' with { type: 'json' }
import bybitBtcusdt from './tiers/bybit-btcusdt.json' with { type: 'json' }
import hyperliquidBtcusdt from './tiers/hyperliquid-btcusdt.json' with { type: 'json' }
import okxBtcusdt from './tiers/okx-btcusdt.json' with { type: 'json' }

/** Caps compare with this relative slack, so qty × price landing 1 ulp above a cap still fits. */
const CAP_TOLERANCE = 1 + 1e-12

/** Canonical symbol of the shipped tables. */
export const SHIPPED_SYMBOL = 'BTCUSDT'

const SHIPPED: Readonly<Record<Venue, TierTable>> = {
  binance: parseTierTable(binanceBtcusdt, 'src/margin/tiers/binance-btcusdt.json'),
  bybit: parseTierTable(bybitBtcusdt, 'src/margin/tiers/bybit-btcusdt.json'),
  okx: parseTierTable(okxBtcusdt, 'src/margin/tiers/okx-btcusdt.json'),
  hyperliquid: parseTierTable(hyperliquidBtcusdt, 'src/margin/tiers/hyperliquid-btcusdt.json'),
}

/**
 * The shipped tier table of `venue` for `symbol` (only `BTCUSDT` ships).
 * @throws RangeError for any other symbol or an unknown venue.
 */
export function tierTable(venue: Venue, symbol: string = SHIPPED_SYMBOL): TierTable {
  const table = (SHIPPED as Partial<Record<string, TierTable>>)[venue]
  if (table === undefined)
    throw new RangeError(
      `venue must be one of binance, bybit, okx, hyperliquid, got ${String(venue)}`,
    )
  if (symbol.toUpperCase() !== table.symbol) {
    throw new RangeError(
      `no shipped ${venue} tier table for symbol ${symbol} (only ${table.symbol} ships); ` +
        'pass a TierTable built from the venue tiers instead',
    )
  }
  return table
}

/**
 * The tier a position of `notionalUsd` falls in: the first tier whose cap is ≥ the notional
 * (floors exclusive, caps inclusive; notional 0 is tier 1).
 * @throws RangeError when the notional is negative or not finite, or above the last tier's cap.
 */
export function tierForNotional(table: TierTable, notionalUsd: number): MarginTier {
  requireNonNegative(notionalUsd, 'notionalUsd')
  const index = tierIndexForNotional(table, notionalUsd)
  const tier = table.tiers[index]
  if (tier === undefined || notionalUsd > tier.capUsd * CAP_TOLERANCE) {
    const cap = table.tiers[table.tiers.length - 1]?.capUsd
    throw new RangeError(
      `${table.venue} ${table.symbol}: notionalUsd ${notionalUsd} is above the largest tier cap ` +
        `${String(cap)} USD in the table`,
    )
  }
  return tier
}

/** Highest leverage a position of `notionalUsd` may open with (see {@link tierForNotional}). */
export function maxLeverageFor(table: TierTable, notionalUsd: number): number {
  return tierForNotional(table, notionalUsd).maxLeverage
}

/**
 * Maintenance margin of a position of `notionalUsd`: notional × mmr − maintenance amount of its
 * tier (without the OKX fee term). Notional above the last cap is priced with the last tier.
 */
export function maintenanceMargin(table: TierTable, notionalUsd: number): number {
  requireNonNegative(notionalUsd, 'notionalUsd')
  const tier = tierAt(table, tierIndexForNotional(table, notionalUsd))
  return notionalUsd * tier.mmr - tier.maintAmountUsd
}

/**
 * Index of the tier for a notional; past the last cap, the last index (callers that must refuse
 * such a notional check the cap themselves).
 */
export function tierIndexForNotional(table: TierTable, notionalUsd: number): number {
  const i = table.tiers.findIndex((t) => notionalUsd <= t.capUsd * CAP_TOLERANCE)
  return i === -1 ? table.tiers.length - 1 : i
}

/** `table.tiers[index]`, which must exist (parseTierTable guarantees at least one tier). */
export function tierAt(table: TierTable, index: number): MarginTier {
  const tier = table.tiers[index]
  if (tier === undefined)
    throw new RangeError(`${table.venue} ${table.symbol}: no tier at index ${index}`)
  return tier
}
