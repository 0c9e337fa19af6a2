/**
 * Normalised live events: what venue mappers emit and what the store, the model and the API consume.
 * Raw venue JSON never leaves `src/exchanges/<venue>/mapper.ts`. Every event carries the exchange's
 * time (`ts`) and our receive time (`localTs`); `localTs` is never replaced. `symbol` is canonical
 * (`BTCUSDT` for Binance BTCUSDT, Bybit BTCUSDT, OKX BTC-USDT-SWAP and Hyperliquid BTC).
 * @module
 */
import type { Side, UtcMs, Venue } from './types.ts'

interface EventBase {
  readonly venue: Venue
  /** Canonical symbol, e.g. `BTCUSDT`. */
  readonly symbol: string
  /** Exchange event time. */
  readonly ts: UtcMs
  /** Local receive time. */
  readonly localTs: UtcMs
}

export interface TradeEvent extends EventBase {
  readonly type: 'trade'
  /** Venue trade id (natural key with venue+symbol). */
  readonly id: string
  readonly price: number
  /** Base units. */
  readonly qty: number
  /** Side of the taker (aggressor). */
  readonly takerSide: 'buy' | 'sell'
}

export interface BarEvent extends EventBase {
  readonly type: 'bar'
  /** Timeframe, e.g. `1m`. `ts` is the bar's open time. */
  readonly tf: string
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  /** Base units. */
  readonly volume?: number
  readonly quoteVolume?: number
  readonly takerBuyVolume?: number
  readonly takerBuyQuoteVolume?: number
  /** False while the bar is still forming. */
  readonly closed: boolean
}

export interface OpenInterestEvent extends EventBase {
  readonly type: 'open_interest'
  /** One-sided open interest in base units (venues that report two-sided are halved by the mapper). */
  readonly oi: number
  readonly oiUsd?: number
}

export interface FundingEvent extends EventBase {
  readonly type: 'funding'
  /** Fraction per interval. */
  readonly rate: number
  readonly intervalHours: number
  /** True for a predicted/current rate, false for a settled one. */
  readonly predicted: boolean
  readonly markPrice?: number
  readonly indexPrice?: number
  readonly nextFundingTs?: UtcMs
}

export interface LiquidationOrderEvent extends EventBase {
  readonly type: 'liquidation'
  /** Side of the position that was liquidated (normalised from each venue's convention). */
  readonly side: Side
  readonly price: number
  readonly priceKind: 'bankruptcy' | 'order' | 'avg_fill'
  /** Base units. */
  readonly qty: number
  readonly usd: number
  /** How complete the venue's feed is. */
  readonly coverage: 'complete' | 'sampled_1s_max' | 'partial'
}

/** Order book near price after the venue's sequence rules were applied (top N levels each side). */
export interface BookEvent extends EventBase {
  readonly type: 'book'
  /** [price, base qty], best first. */
  readonly bids: readonly (readonly [number, number])[]
  readonly asks: readonly (readonly [number, number])[]
}

/** The stream dropped; downstream marks a gap and the collector backfills it by REST. */
export interface DisconnectEvent {
  readonly type: 'disconnect'
  readonly venue: Venue
  readonly localTs: UtcMs
  readonly reason: string
}

export type MarketEvent =
  | TradeEvent
  | BarEvent
  | OpenInterestEvent
  | FundingEvent
  | LiquidationOrderEvent
  | BookEvent
  | DisconnectEvent
