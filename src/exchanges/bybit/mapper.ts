/**
 * Bybit v5 public linear WebSocket messages → normalised events. Topics: publicTrade, kline.1,
 * tickers (snapshot then deltas, merged here; carries open interest, funding, mark and index),
 * allLiquidation, orderbook.200. Side conventions: publicTrade `S` is the taker's side;
 * allLiquidation `S` is the liquidated *position's* side (`Buy` ⇒ a long was liquidated —
 * opposite to Binance) and `p` is the bankruptcy price. Ticker `openInterest` counts both sides;
 * we use `singleOpenInterest` (one side) or half of `openInterest`.
 * This file dispatches by topic; each channel family is mapped in its own module.
 * @module
 */
import { isObj, parseJson } from '../parse.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { mapBook } from './book.ts'
import { mapLiquidations } from './liquidations.ts'
import { mapKlines, mapTrades } from './market-data.ts'
import type {
  BybitBookMsgRaw,
  BybitKlineMsgRaw,
  BybitLiquidationMsgRaw,
  BybitTradeMsgRaw,
} from './raw.ts'
import { BybitTickers } from './tickers.ts'

export { BYBIT_TF } from './market-data.ts'
export type * from './raw.ts'

export class BybitMapper implements VenueMapper {
  lastError: string | undefined
  /** Funding interval (hours) per symbol, from instruments-info `fundingInterval`. */
  readonly fundingHours = new Map<string, number>()
  private readonly _tickers = new BybitTickers(this.fundingHours)

  reset(): void {
    this._tickers.reset()
  }

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    const msg = parseJson(text)
    if (!isObj(msg)) return 'malformed'
    const topic = msg.topic
    if (typeof topic !== 'string') {
      if (typeof msg.op === 'string') {
        if (msg.success === false) {
          this.lastError = `${msg.op}: ${String(msg.ret_msg)}`
          return 'error'
        }
        return 'control'
      }
      return 'ignored'
    }
    const dot = topic.indexOf('.')
    const kind = topic.slice(0, dot)
    const before = out.length
    let ok: boolean
    switch (kind) {
      case 'publicTrade':
        ok = mapTrades(msg as unknown as BybitTradeMsgRaw, localTs, out)
        break
      case 'kline':
        ok = mapKlines(msg as unknown as BybitKlineMsgRaw, localTs, out)
        break
      case 'allLiquidation':
        ok = mapLiquidations(msg as unknown as BybitLiquidationMsgRaw, localTs, out)
        break
      case 'tickers':
        ok = this._tickers.map(msg, localTs, out)
        break
      case 'orderbook':
        ok = mapBook(msg as unknown as BybitBookMsgRaw, localTs, out)
        break
      default:
        return 'ignored'
    }
    return ok ? (out.length > before ? 'data' : 'ignored') : 'malformed'
  }
}
