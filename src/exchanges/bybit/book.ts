/**
 * Bybit `orderbook.{depth}.{symbol}` messages → order-book updates: `snapshot` (resets the book)
 * or `delta` (size 0 deletes a level), levels in base units, sequenced by the update id `u`.
 * @module
 */
import { isObj, levels, str } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import type { BybitBookMsgRaw } from './raw.ts'

/** An `orderbook` message: one book update. */
export function mapBook(msg: BybitBookMsgRaw, localTs: number, out: MappedItem[]): boolean {
  const d = msg.data
  if (!isObj(d)) return false
  const bids = levels(d.b)
  const asks = levels(d.a)
  const symbol = str(d.s)
  if (!bids || !asks || symbol === undefined || typeof d.u !== 'number' || !(msg.ts > 0))
    return false
  if (msg.type !== 'snapshot' && msg.type !== 'delta') return false
  out.push({
    type: 'book_update',
    venue: 'bybit',
    symbol,
    ts: msg.ts,
    localTs,
    kind: msg.type,
    bids,
    asks,
    seq: d.u,
  })
  return true
}
