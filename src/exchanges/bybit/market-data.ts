/**
 * Bybit `publicTrade` and `kline.{interval}` messages → trade and bar events. Sizes are base
 * units; publicTrade `S` is the taker's side; the kline interval code maps through `BYBIT_TF`.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import { isObj, num } from '../parse.ts'
import type { MappedItem } from '../types.ts'
import { push } from './emit.ts'
import type { BybitKlineMsgRaw, BybitTradeMsgRaw } from './raw.ts'

/** Bybit kline interval → our timeframe. */
export const BYBIT_TF: Record<string, string> = {
  '1': '1m',
  '3': '3m',
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '120': '2h',
  '240': '4h',
  '360': '6h',
  '720': '12h',
  D: '1d',
  W: '1w',
}

/** A `publicTrade` message: one trade event per item. */
export function mapTrades(msg: BybitTradeMsgRaw, localTs: number, out: MappedItem[]): boolean {
  if (!Array.isArray(msg.data)) return false
  let ok = true
  for (const t of msg.data) {
    if (
      !isObj(t) ||
      typeof t.s !== 'string' ||
      typeof t.i !== 'string' ||
      (t.S !== 'Buy' && t.S !== 'Sell')
    ) {
      ok = false
      continue
    }
    const e: MarketEvent = {
      type: 'trade',
      venue: 'bybit',
      symbol: t.s,
      ts: t.T,
      localTs,
      id: t.i,
      price: num(t.p),
      qty: num(t.v),
      takerSide: t.S === 'Buy' ? 'buy' : 'sell',
    }
    ok = push(out, e) && ok
  }
  return ok
}

/** A `kline.{interval}.{symbol}` message: one bar event per item (`confirm` ⇒ closed). */
export function mapKlines(msg: BybitKlineMsgRaw, localTs: number, out: MappedItem[]): boolean {
  const parts = typeof msg.topic === 'string' ? msg.topic.split('.') : []
  const tf = BYBIT_TF[parts[1] ?? '']
  const symbol = parts[2]
  if (!Array.isArray(msg.data) || tf === undefined || symbol === undefined) return false
  let ok = true
  for (const k of msg.data) {
    if (!isObj(k)) {
      ok = false
      continue
    }
    const e: MarketEvent = {
      type: 'bar',
      venue: 'bybit',
      symbol,
      ts: k.start,
      localTs,
      tf,
      open: num(k.open),
      high: num(k.high),
      low: num(k.low),
      close: num(k.close),
      volume: num(k.volume),
      quoteVolume: num(k.turnover),
      closed: k.confirm === true,
    }
    ok = push(out, e) && ok
  }
  return ok
}
