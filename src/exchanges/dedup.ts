/**
 * Drops duplicate live events by their natural key within a bounded recent window (a venue
 * re-sending after a reconnect, or the same message twice). Keys: trade = symbol+ts+id;
 * liquidation = symbol+ts+side+price+qty; closed bar = symbol+tf+ts; open interest = symbol+ts;
 * funding = symbol+ts+rate. Forming bars and books are not deduplicated (their values change).
 * @module
 */
import type { MarketEvent } from '../core/events.ts'

/** Natural key of an event, or undefined when the event is not deduplicated. */
export function naturalKey(e: MarketEvent): string | undefined {
  switch (e.type) {
    case 'trade':
      return `t|${e.symbol}|${e.ts}|${e.id}`
    case 'liquidation':
      return `l|${e.symbol}|${e.ts}|${e.side}|${e.price}|${e.qty}`
    case 'bar':
      return e.closed ? `b|${e.symbol}|${e.tf}|${e.ts}` : undefined
    case 'open_interest':
      return `o|${e.symbol}|${e.ts}`
    case 'funding':
      return `f|${e.symbol}|${e.ts}|${e.rate}|${e.predicted}`
    default:
      return undefined
  }
}

/** Remembers the last `capacity` keys (FIFO eviction). */
export class Dedup {
  private readonly _set = new Set<string>()
  private readonly _ring: (string | undefined)[]
  private _pos = 0

  constructor(capacity = 50_000) {
    this._ring = new Array<string | undefined>(capacity)
  }

  /** True when the event was seen before (drop it); otherwise records it and answers false. */
  seen(e: MarketEvent): boolean {
    const key = naturalKey(e)
    if (key === undefined) return false
    if (this._set.has(key)) return true
    const old = this._ring[this._pos]
    if (old !== undefined) this._set.delete(old)
    this._ring[this._pos] = key
    this._pos = (this._pos + 1) % this._ring.length
    this._set.add(key)
    return false
  }
}
