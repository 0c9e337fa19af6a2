/**
 * OKX `liquidation-orders` items (instType SWAP) → liquidation events. `side` is the liquidation
 * *order's* (`sell` ⇒ long liquidated) unless `posSide` is `long`/`short` (hedge mode), which names
 * the position directly; the price is `bkPx`, the bankruptcy price; sizes are contracts × ctVal.
 * The feed is partial (OKX says it is not every liquidation), so `coverage` is `partial`.
 * @module
 */
import type { Side } from '../../core/types.ts'
import { isObj, num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push, type OkxContext } from './emit.ts'
import type { OkxLiquidationRaw } from './raw.ts'

/** One `liquidation-orders` item: one event per detail; true for an instrument we did not load. */
export function mapLiquidations(
  ctx: OkxContext,
  instId: string,
  x: OkxLiquidationRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  if (!Array.isArray(x.details)) return false
  const cv = ctx.ctVal.get(instId)
  if (cv === undefined) return true // an instrument we did not load (not requested)
  let ok = true
  for (const l of x.details) {
    if (!isObj(l)) {
      ok = false
      continue
    }
    const side: Side | undefined =
      l.posSide === 'long' || l.posSide === 'short'
        ? l.posSide
        : l.side === 'sell'
          ? 'long'
          : l.side === 'buy'
            ? 'short'
            : undefined
    if (side === undefined) {
      ok = false
      continue
    }
    const price = num(l.bkPx)
    const qty = num(l.sz) * cv
    ok =
      push(out, {
        type: 'liquidation',
        venue: 'okx',
        symbol: ctx.symbol(instId),
        ts: num(l.ts),
        localTs,
        side,
        price,
        priceKind: 'bankruptcy',
        qty,
        usd: price * qty,
        coverage: 'partial',
      }) && ok
  }
  return ok
}
