/**
 * Bybit `allLiquidation.{symbol}` messages → liquidation events. `S` is the liquidated
 * *position's* side (`Buy` ⇒ a long was liquidated — opposite to Binance); `p` is the bankruptcy
 * price; sizes are base units. The feed carries every liquidation, so `coverage` is `complete`.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push } from './emit.ts'
import type { BybitLiquidationMsgRaw } from './raw.ts'

/** An `allLiquidation` message: one liquidation event per item. */
export function mapLiquidations(
  msg: BybitLiquidationMsgRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  if (!Array.isArray(msg.data)) return false
  let ok = true
  for (const l of msg.data) {
    const side = isObj(l)
      ? l.S === 'Buy'
        ? 'long'
        : l.S === 'Sell'
          ? 'short'
          : undefined
      : undefined
    if (!isObj(l) || side === undefined || typeof l.s !== 'string') {
      ok = false
      continue
    }
    const price = num(l.p)
    const qty = num(l.v)
    const e: MarketEvent = {
      type: 'liquidation',
      venue: 'bybit',
      symbol: l.s,
      ts: l.T,
      localTs,
      side,
      price,
      priceKind: 'bankruptcy',
      qty,
      usd: price * qty,
      coverage: 'complete',
    }
    ok = push(out, e) && ok
  }
  return ok
}
