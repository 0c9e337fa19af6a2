/**
 * Liquidation prices per venue for isolated-margin positions in one-way mode, plus Binance's
 * cross-margin FAQ formula. Pure arithmetic on a {@link TierTable}; see docs/margin.md for the
 * formulas and their sources.
 *
 * Per venue:
 * - binance: FAQ formula; tier re-checked at the notional *at the liquidation price*.
 * - bybit: help-page formula with maintenance margin valued at entry; tier by entry notional.
 * - okx: margin-ratio formula with taker fee added to mmr; tier by entry notional.
 * - hyperliquid: docs formula with deduction; tier re-checked at the liquidation price like binance.
 * @module
 */
import type { Side, Venue } from '../core/types.ts'
import {
  requireFinite,
  requireLeverage,
  requireNonNegative,
  requirePositive,
  requireSide,
} from './check.ts'
import {
  maintenanceMargin,
  tierAt,
  tierForNotional,
  tierIndexForNotional,
  tierTable,
} from './tables.ts'
import type {
  CrossPositionSpec,
  LiquidationResult,
  MarginTier,
  PositionSpec,
  TierTable,
} from './types.ts'

/** How a venue turns a position into a liquidation price. */
interface VenueRule {
  /** `equity`: margin + PnL = maintenance (+ fee); `entry-mm`: Bybit's form, maintenance at entry. */
  readonly formula: 'equity' | 'entry-mm'
  /** Which notional picks the tier whose mmr is used: at entry, or at the liquidation price. */
  readonly tierAt: 'entry' | 'liquidation'
}

const RULES: Readonly<Record<Venue, VenueRule>> = {
  binance: { formula: 'equity', tierAt: 'liquidation' },
  bybit: { formula: 'entry-mm', tierAt: 'entry' },
  okx: { formula: 'equity', tierAt: 'entry' },
  hyperliquid: { formula: 'equity', tierAt: 'liquidation' },
}

/**
 * Liquidation (mark) price of an isolated position, USD.
 * @throws RangeError on a bad field (named), a leverage above the venue's maximum for the
 *   position's notional, a notional above the table, or a table of another venue.
 * @example liquidationPrice('binance', { side: 'long', entryPrice: 65_000, qty: 1, leverage: 20 })
 *   // ≈ 61_997.99
 */
export function liquidationPrice(venue: Venue, pos: PositionSpec, table?: TierTable): number {
  return liquidationPriceDetail(venue, pos, table).price
}

/** {@link liquidationPrice} with the notional and the tiers used. */
export function liquidationPriceDetail(
  venue: Venue,
  pos: PositionSpec,
  table: TierTable = tierTable(venue),
): LiquidationResult {
  checkTable(venue, table)
  requireSide(pos.side, 'side')
  requirePositive(pos.entryPrice, 'entryPrice')
  requirePositive(pos.qty, 'qty')
  requireLeverage(pos.leverage, 'leverage')
  const extra = pos.extraMarginUsd ?? 0
  requireNonNegative(extra, 'extraMarginUsd')
  const notionalUsd = pos.qty * pos.entryPrice
  const entryTier = tierForNotional(table, notionalUsd)
  if (pos.leverage > entryTier.maxLeverage) {
    throw new RangeError(
      `${venue}: leverage ${pos.leverage}× is above the maximum ${entryTier.maxLeverage}× for a ` +
        `${notionalUsd} USD position (tier ${entryTier.tier})`,
    )
  }
  const entryIndex = entryTier.tier - 1
  return solve(
    venue,
    table,
    pos.side,
    pos.entryPrice,
    pos.qty,
    notionalUsd / pos.leverage + extra,
    entryIndex,
  )
}

/**
 * Liquidation price divided by entry price for a fresh isolated position of `notionalUsd` (no
 * extra margin). It does not depend on the price level: every term scales with it. Never throws
 * for a leverage above the venue's maximum: it clamps to {@link effectiveLeverage}; a notional
 * above the table's last cap is priced with the last tier.
 * @throws RangeError on a bad side, a leverage < 1 or not finite, a notional ≤ 0 or not finite.
 */
export function liquidationRatio(
  venue: Venue,
  side: Side,
  leverage: number,
  notionalUsd: number,
  table: TierTable = tierTable(venue),
): number {
  checkTable(venue, table)
  requireSide(side, 'side')
  requireLeverage(leverage, 'leverage')
  requirePositive(notionalUsd, 'notionalUsd')
  const entryIndex = tierIndexForNotional(table, notionalUsd)
  const lev = Math.min(leverage, tierAt(table, entryIndex).maxLeverage)
  // Entry price 1: qty = notional, and the price that comes out is the ratio.
  return solve(venue, table, side, 1, notionalUsd, notionalUsd / lev, entryIndex).price
}

/**
 * The leverage {@link liquidationRatio} uses: `leverage` capped at the venue's maximum for
 * `notionalUsd` (the last tier's maximum above the table's last cap).
 */
export function effectiveLeverage(
  venue: Venue,
  leverage: number,
  notionalUsd: number,
  table: TierTable = tierTable(venue),
): number {
  checkTable(venue, table)
  requireLeverage(leverage, 'leverage')
  requirePositive(notionalUsd, 'notionalUsd')
  return Math.min(leverage, tierAt(table, tierIndexForNotional(table, notionalUsd)).maxLeverage)
}

/**
 * Binance USDⓈ-M cross-margin liquidation price (FAQ):
 * `LP = (WB − TMM + UPNL + cum − side·Q·EP) / (Q·MMR − side·Q)`, with the bracket re-checked at
 * the notional at LP. Only Binance documents a closed form for cross margin.
 * @throws RangeError on a bad field (named), a notional above the table, or an account already at
 *   or below maintenance at entry.
 */
export function liquidationPriceCross(
  venue: 'binance',
  pos: CrossPositionSpec,
  table: TierTable = tierTable('binance'),
): LiquidationResult {
  if (venue !== 'binance')
    throw new RangeError(
      `venue: cross-margin formula exists only for binance, got ${String(venue)}`,
    )
  checkTable(venue, table)
  requireSide(pos.side, 'side')
  requirePositive(pos.entryPrice, 'entryPrice')
  requirePositive(pos.qty, 'qty')
  requirePositive(pos.walletBalanceUsd, 'walletBalanceUsd')
  const tmm = pos.otherMaintenanceUsd ?? 0
  requireNonNegative(tmm, 'otherMaintenanceUsd')
  const upnl = pos.otherUnrealizedPnlUsd ?? 0
  requireFinite(upnl, 'otherUnrealizedPnlUsd')
  const notionalUsd = pos.qty * pos.entryPrice
  const entryTier = tierForNotional(table, notionalUsd)
  const equity = pos.walletBalanceUsd - tmm + upnl
  const mmAtEntry = maintenanceMargin(table, notionalUsd) + notionalUsd * table.liquidationFeeRate
  if (equity <= mmAtEntry) {
    throw new RangeError(
      `walletBalanceUsd: WB − TMM + UPNL = ${equity} USD is at or below the position's maintenance ` +
        `margin ${mmAtEntry} USD at entry (already liquidatable)`,
    )
  }
  return solve(venue, table, pos.side, pos.entryPrice, pos.qty, equity, entryTier.tier - 1)
}

function checkTable(venue: Venue, table: TierTable): void {
  if (!(venue in RULES))
    throw new RangeError(
      `venue must be one of ${Object.keys(RULES).join(', ')}, got ${String(venue)}`,
    )
  if (table.venue !== venue)
    throw new RangeError(`table: a ${table.venue} table was given for venue ${venue}`)
}

/** Liquidation price for a position holding `marginUsd`, whose entry notional is in tier `entryIndex`. */
function solve(
  venue: Venue,
  table: TierTable,
  side: Side,
  ep: number,
  q: number,
  marginUsd: number,
  entryIndex: number,
): LiquidationResult {
  const rule = RULES[venue]
  const entryTier = tierAt(table, entryIndex)
  const fee = table.liquidationFeeRate
  const result = (price: number, tier: MarginTier): LiquidationResult => ({
    price,
    notionalUsd: q * ep,
    entryTier,
    liquidationTier: tier,
  })
  if (rule.formula === 'entry-mm') {
    // Bybit: LP = EP ∓ (IM − MM)/Q ∓ extra/Q with MM = Q·EP·mmr − mmDeduction, margin = IM + extra.
    const mm = q * ep * (entryTier.mmr + fee) - entryTier.maintAmountUsd
    const move = (marginUsd - mm) / q
    return result(side === 'long' ? Math.max(0, ep - move) : ep + move, entryTier)
  }
  if (rule.tierAt === 'entry') {
    const root = equityRoot(side, ep, q, marginUsd, entryTier, fee)
    return result(side === 'long' ? Math.max(0, root) : root, entryTier)
  }
  // Tier at the liquidation price: walk the tiers away from entry (down for a long, up for a
  // short) and stop in the first whose price range holds the root. With continuous maintenance
  // margin this is the FAQ re-check (recompute with the bracket at LP) carried to consistency.
  const tiers = table.tiers
  if (side === 'long') {
    for (let i = entryIndex; i >= 0; i--) {
      const t = tierAt(table, i)
      const hi = i === entryIndex ? ep : t.capUsd / q
      const root = equityRoot(side, ep, q, marginUsd, t, fee)
      if (root >= hi) return result(hi, t) // maintenance jumps at this boundary (non-continuous table)
      if (root >= t.floorUsd / q) return result(root, t)
    }
    return result(0, tierAt(table, 0))
  }
  for (let i = entryIndex; i < tiers.length; i++) {
    const t = tierAt(table, i)
    const lo = i === entryIndex ? ep : t.floorUsd / q
    const hi = i === tiers.length - 1 ? Infinity : t.capUsd / q
    const root = equityRoot(side, ep, q, marginUsd, t, fee)
    if (root <= lo) return result(lo, t)
    if (root <= hi) return result(root, t)
  }
  throw new RangeError(`${venue}: internal: no tier holds the short liquidation price`)
}

/**
 * Price where margin + PnL equals maintenance margin (+ fee) in tier `t`:
 * long `(Q·EP − M − amt) / (Q·(1 − mmr − fee))`, short `(Q·EP + M + amt) / (Q·(1 + mmr + fee))`.
 */
function equityRoot(
  side: Side,
  ep: number,
  q: number,
  m: number,
  t: MarginTier,
  fee: number,
): number {
  return side === 'long'
    ? (q * ep - m - t.maintAmountUsd) / (q * (1 - t.mmr - fee))
    : (q * ep + m + t.maintAmountUsd) / (q * (1 + t.mmr + fee))
}
