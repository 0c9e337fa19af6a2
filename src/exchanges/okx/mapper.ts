/**
 * OKX v5 public/business WebSocket messages → normalised events. Channels: trades, candle1m
 * (business), open-interest, funding-rate, mark-price, liquidation-orders (instType SWAP), books.
 * Sizes are contracts: × ctVal (BTC-USDT-SWAP 0.01 BTC), which `prepare` loads from instruments.
 * Side conventions: trade `side` is the taker's; liquidation `side` is the liquidation *order's*
 * (`sell` ⇒ long liquidated) unless `posSide` is `long`/`short` (hedge mode), which names the
 * position directly; `bkPx` is the bankruptcy price. The liquidation feed is partial (OKX says it
 * is not every liquidation).
 * @module
 */
import { isObj, parseJson, str, type Obj } from '../parse.ts'
import { toCanonical } from '../symbols.ts'
import type { MappedItem, MapResult, VenueMapper } from '../types.ts'
import { mapBook } from './book.ts'
import type { OkxContext } from './emit.ts'
import { OkxFunding } from './funding.ts'
import { mapLiquidations } from './liquidations.ts'
import { mapCandle, mapOpenInterest, mapTrade } from './market-data.ts'
import type {
  OkxBookRaw,
  OkxCandleRaw,
  OkxFundingRateRaw,
  OkxLiquidationRaw,
  OkxMarkPriceRaw,
  OkxOpenInterestRaw,
  OkxTradeRaw,
} from './raw.ts'

export type * from './raw.ts'

export class OkxMapper implements VenueMapper {
  lastError: string | undefined
  /** Contract value (base units per contract) per instId, from /api/v5/public/instruments. */
  readonly ctVal = new Map<string, number>()
  private readonly _canon = new Map<string, string>()
  private readonly _ctx: OkxContext = {
    ctVal: this.ctVal,
    symbol: (instId) => this._symbol(instId),
  }
  private readonly _funding = new OkxFunding(this._ctx)

  reset(): void {
    this._funding.reset()
  }

  map(text: string, localTs: number, out: MappedItem[]): MapResult {
    if (text === 'pong') return 'control'
    const msg = parseJson(text)
    if (!isObj(msg)) return 'malformed'
    if (typeof msg.event === 'string') {
      if (msg.event === 'error') {
        this.lastError = `${String(msg.code)} ${String(msg.msg)}`
        return 'error'
      }
      return 'control'
    }
    const arg = msg.arg
    if (!isObj(arg) || typeof arg.channel !== 'string' || !Array.isArray(msg.data)) return 'ignored'
    const before = out.length
    let ok = true
    for (const d of msg.data as unknown[]) {
      if (!isObj(d) && !Array.isArray(d)) {
        ok = false
        continue
      }
      ok = this._item(arg.channel, arg, msg, d, localTs, out) && ok
    }
    if (!ok) return 'malformed'
    return out.length > before ? 'data' : 'ignored'
  }

  private _symbol(instId: string): string {
    let c = this._canon.get(instId)
    if (c === undefined) {
      c = toCanonical('okx', instId)
      this._canon.set(instId, c)
    }
    return c
  }

  private _item(
    channel: string,
    arg: Obj,
    msg: Obj,
    d: Obj | unknown[],
    localTs: number,
    out: MappedItem[],
  ): boolean {
    if (Array.isArray(d)) {
      if (!channel.startsWith('candle')) return false
      return mapCandle(
        this._ctx,
        channel.slice(6),
        str(arg.instId),
        d as unknown as OkxCandleRaw,
        localTs,
        out,
      )
    }
    const instId = str(d.instId) ?? str(arg.instId)
    switch (channel) {
      case 'trades':
        return mapTrade(this._ctx, instId, d as unknown as OkxTradeRaw, localTs, out)
      case 'open-interest':
        return mapOpenInterest(this._ctx, instId, d as unknown as OkxOpenInterestRaw, localTs, out)
      case 'funding-rate':
        return (
          instId !== undefined &&
          this._funding.fundingRate(instId, d as unknown as OkxFundingRateRaw, localTs, out)
        )
      case 'mark-price':
        return (
          instId !== undefined &&
          this._funding.markPrice(instId, d as unknown as OkxMarkPriceRaw, localTs, out)
        )
      case 'liquidation-orders':
        return (
          instId !== undefined &&
          mapLiquidations(this._ctx, instId, d as unknown as OkxLiquidationRaw, localTs, out)
        )
      case 'books':
        return (
          instId !== undefined &&
          mapBook(this._ctx, instId, str(msg.action), d as unknown as OkxBookRaw, localTs, out)
        )
      default:
        return true
    }
  }
}
