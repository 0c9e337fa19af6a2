/**
 * OKX `trades`, `candle<bar>` (business) and `open-interest` items → trade, bar and open-interest
 * events. Sizes are contracts × ctVal (base units); trade `side` is the taker's.
 * @module
 */
import { num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push, type OkxContext } from './emit.ts'
import type { OkxCandleRaw, OkxOpenInterestRaw, OkxTradeRaw } from './raw.ts'

/** A `trades` item; true (nothing emitted) for an instrument we did not load. */
export function mapTrade(
  ctx: OkxContext,
  instId: string | undefined,
  t: OkxTradeRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  const cv = instId === undefined ? undefined : ctx.ctVal.get(instId)
  if (instId === undefined || cv === undefined) return instId !== undefined
  if (t.side !== 'buy' && t.side !== 'sell') return false
  return push(out, {
    type: 'trade',
    venue: 'okx',
    symbol: ctx.symbol(instId),
    ts: num(t.ts),
    localTs,
    id: String(t.tradeId),
    price: num(t.px),
    qty: num(t.sz) * cv,
    takerSide: t.side,
  })
}

/** A `candle<bar>` item (`bar` is the channel suffix, e.g. `1m`, `1H`, `1Dutc`). */
export function mapCandle(
  ctx: OkxContext,
  bar: string,
  instId: string | undefined,
  r: OkxCandleRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  const cv = instId === undefined ? undefined : ctx.ctVal.get(instId)
  if (instId === undefined || cv === undefined) return instId !== undefined
  const tf = bar.replace(/utc$/, '').replace(/[HDW]$/, (u) => u.toLowerCase())
  return push(out, {
    type: 'bar',
    venue: 'okx',
    symbol: ctx.symbol(instId),
    ts: num(r[0]),
    localTs,
    tf,
    open: num(r[1]),
    high: num(r[2]),
    low: num(r[3]),
    close: num(r[4]),
    volume: num(r[5]) * cv,
    quoteVolume: num(r[7]),
    closed: r[8] === '1',
  })
}

/** An `open-interest` item: `oi` in base coin (`oiCcy`), `oiUsd` when the venue gives it. */
export function mapOpenInterest(
  ctx: OkxContext,
  instId: string | undefined,
  x: OkxOpenInterestRaw,
  localTs: number,
  out: MappedItem[],
): boolean {
  if (instId === undefined) return false
  const usd = num(x.oiUsd)
  return push(out, {
    type: 'open_interest',
    venue: 'okx',
    symbol: ctx.symbol(instId),
    ts: num(x.ts),
    localTs,
    oi: num(x.oiCcy),
    ...(usd >= 0 ? { oiUsd: usd } : {}),
  })
}
