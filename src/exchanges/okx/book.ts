/**
 * OKX `books` items → order-book events: `snapshot` or `delta` (action `update`), levels in base
 * units (contracts × ctVal), chained by `seqId`/`prevSeqId` (-1 on a snapshot).
 * @module
 */
import { levels, num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import type { OkxContext } from './emit.ts'
import type { OkxBookRaw } from './raw.ts'

/** One `books` item; `action` is the message's. True for an instrument we did not load. */
export function mapBook(
  ctx: OkxContext,
  instId: string,
  action: string | undefined,
  x: OkxBookRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  const cv = ctx.ctVal.get(instId)
  if (cv === undefined) return true
  const bids = levels(x.bids, cv)
  const asks = levels(x.asks, cv)
  const ts = num(x.ts)
  if (!bids || !asks || !(ts > 0) || typeof x.seqId !== 'number' || typeof x.prevSeqId !== 'number')
    return false
  if (action !== 'snapshot' && action !== 'update') return false
  out.push({
    type: 'book_update',
    venue: 'okx',
    symbol: ctx.symbol(instId),
    ts,
    localTs,
    kind: action === 'snapshot' ? 'snapshot' : 'delta',
    bids,
    asks,
    seq: x.seqId,
    prevSeq: x.prevSeqId,
  })
  return true
}
