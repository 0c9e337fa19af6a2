/**
 * Bybit v5 public linear WebSocket raw payloads, one interface per topic, as the venue sends them
 * (strings for numbers; sizes in base units). Docs: bybit-exchange/docs v5/websocket/public,
 * 2026-07-24.
 * @module
 */

/** `publicTrade.{symbol}` */
export interface BybitTradeMsgRaw {
  topic: string // publicTrade.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    T: number // Trade time, ms
    s: string // Symbol
    S: 'Buy' | 'Sell' // Side of the taker
    v: string // Trade size, base units
    p: string // Trade price
    L: string // Direction of price change (tick direction)
    i: string // Trade id
    BT: boolean // Block trade?
    RPI?: boolean // RPI trade?
    seq?: number // Cross sequence
  }[]
}

/** `kline.{interval}.{symbol}` */
export interface BybitKlineMsgRaw {
  topic: string // kline.1.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    start: number // Bar open time, ms
    end: number // Bar close time, ms
    interval: string // Interval code (1, 5, 60, D…)
    open: string // Open price
    close: string // Close price
    high: string // High price
    low: string // Low price
    volume: string // Volume, base units
    turnover: string // Turnover, quote units
    confirm: boolean // Bar closed?
    timestamp: number // Time of the last matched trade in the bar, ms
  }[]
}

/** `tickers.{symbol}` data (snapshot: all fields; delta: changed fields only) */
export interface BybitTickerRaw {
  symbol: string // Symbol
  markPrice: string // Mark price
  indexPrice: string // Index price
  openInterest: string // Open interest, base units, BOTH sides summed
  openInterestValue: string // Open interest value, USD, both sides
  singleOpenInterest?: string // Open interest of one side, base units (added 2026-06-11)
  singleOpenInterestValue?: string // One side, USD
  fundingRate: string // Current funding rate (fraction per interval)
  nextFundingTime: string // Next funding settlement, ms
  fundingIntervalHour?: string // Funding interval, hours (when present)
}

/** `allLiquidation.{symbol}` */
export interface BybitLiquidationMsgRaw {
  topic: string // allLiquidation.BTCUSDT
  type: 'snapshot' // Always snapshot
  ts: number // Push time, ms
  data: {
    T: number // Updated time, ms
    s: string // Symbol
    S: 'Buy' | 'Sell' // Side of the liquidated POSITION (Buy ⇒ long liquidated)
    v: string // Executed size, base units
    p: string // Bankruptcy price
  }[]
}

/** `orderbook.{depth}.{symbol}` */
export interface BybitBookMsgRaw {
  topic: string // orderbook.200.BTCUSDT
  type: 'snapshot' | 'delta' // Snapshot resets the book
  ts: number // System time the data was produced, ms
  data: {
    s: string // Symbol
    b: [string, string][] // Bids [price, size]; size 0 deletes
    a: [string, string][] // Asks [price, size]
    u: number // Update id; u = 1 means a service restart: treat as snapshot
    seq: number // Cross sequence
  }
  cts: number // Matching engine time, ms
}
