/**
 * OKX v5 WebSocket raw payloads, one data item per channel, as the venue sends them (strings for
 * numbers; sizes in contracts). Docs: okx.com/docs-v5, captured 2026-06-27.
 * @module
 */

/** `trades` data item */
export interface OkxTradeRaw {
  instId: string // Instrument id, e.g. BTC-USDT-SWAP
  tradeId: string // Trade id (the last one when aggregated)
  px: string // Price
  sz: string // Size, contracts
  side: 'buy' | 'sell' // Taker side
  ts: string // Trade time, ms
  count: string // Number of trades aggregated
  seqId?: number // Sequence id
}

/** `candle<bar>` data item: [ts, o, h, l, c, vol (contracts), volCcy (base), volCcyQuote (quote), confirm] */
export type OkxCandleRaw = [string, string, string, string, string, string, string, string, string]

/** `open-interest` data item */
export interface OkxOpenInterestRaw {
  instType: string // SWAP
  instId: string // Instrument id
  oi: string // Open interest, contracts
  oiCcy: string // Open interest, base coin
  oiUsd: string // Open interest, USD
  ts: string // Data time, ms
}

/** `funding-rate` data item */
export interface OkxFundingRateRaw {
  instType: string // SWAP
  instId: string // Instrument id
  fundingRate: string // Current period's funding rate (fraction)
  nextFundingRate?: string // Forecast of the next period (may be empty)
  fundingTime: string // Settlement time of the current period, ms
  nextFundingTime: string // Settlement time of the next period, ms
  method: string // current_period | next_period
  ts: string // Data time, ms
}

/** `mark-price` data item */
export interface OkxMarkPriceRaw {
  instType: string // SWAP
  instId: string // Instrument id
  markPx: string // Mark price
  ts: string // Data time, ms
}

/** `liquidation-orders` data item */
export interface OkxLiquidationRaw {
  instId: string // Instrument id
  instFamily: string // e.g. BTC-USDT
  instType: string // SWAP
  uly: string // Underlying
  details: {
    side: 'buy' | 'sell' // Side of the liquidation ORDER (sell ⇒ long liquidated)
    posSide: 'long' | 'short' | 'net' // Position side (long/short in hedge mode, net otherwise)
    bkPx: string // Bankruptcy price
    sz: string // Size, contracts
    bkLoss: string // Bankruptcy loss
    ccy: string // Currency
    ts: string // Liquidation time, ms
  }[]
}

/** `books` data item (action snapshot | update on the message) */
export interface OkxBookRaw {
  asks: [string, string, string, string][] // [price, size (contracts), "0", orders]
  bids: [string, string, string, string][] // [price, size (contracts), "0", orders]
  ts: string // Data time, ms
  checksum: number // Deprecated, always 0
  seqId: number // Sequence id of this message
  prevSeqId: number // Sequence id of the previous message (-1 on snapshot)
}
