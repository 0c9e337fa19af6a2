/**
 * The simulator's use of src/margin: each venue's tier table, the leverage a position may really
 * open with (capped by the tier of its notional), and its liquidation price by the venue formula.
 * @module
 */
import type { Side, Venue } from '../core/types.ts'
import { liquidationPrice, maxLeverageFor, tierTable, type TierTable } from '../margin/index.ts'

export interface VenueMargin {
  readonly venue: Venue
  readonly table: TierTable
  /** Largest notional (USD) a position may have on this venue (below the table's last cap). */
  readonly maxNotionalUsd: number
}

export function venueMargin(venue: Venue, symbol: string): VenueMargin {
  const table = tierTable(venue, symbol)
  const lastCap = table.tiers[table.tiers.length - 1]?.capUsd ?? Infinity
  return { venue, table, maxNotionalUsd: Number.isFinite(lastCap) ? lastCap * 0.95 : 1e12 }
}

/**
 * Sizes a position from posted margin and a wished leverage: the notional is capped at the venue's
 * largest tier, and the leverage at the tier's maximum for that notional (re-checked once after
 * the notional shrinks with the leverage). Returns `[leverage, notionalUsd]`.
 */
export function sizePosition(
  vm: VenueMargin,
  marginUsd: number,
  wishLeverage: number,
): [number, number] {
  let lev = wishLeverage
  let notional = Math.min(marginUsd * lev, vm.maxNotionalUsd)
  for (let i = 0; i < 3; i++) {
    const cap = maxLeverageFor(vm.table, notional)
    if (lev <= cap) break
    lev = cap
    notional = Math.min(marginUsd * lev, vm.maxNotionalUsd)
  }
  return [lev, notional]
}

/** Liquidation price, rounded to the cent; 0 for a long that cannot be liquidated. */
export function positionLiqPrice(
  vm: VenueMargin,
  side: Side,
  entryPrice: number,
  qty: number,
  leverage: number,
  extraMarginUsd: number,
): number {
  const p = liquidationPrice(
    vm.venue,
    { side, entryPrice, qty, leverage, extraMarginUsd },
    vm.table,
  )
  return Math.round(p * 100) / 100
}
