/**
 * Accumulates one bar while its ticks run: OHLC over every traded price, volume with the taker-buy
 * split, trade count and liquidations.
 * @module
 */
import type { Bar, LiquidationEvent } from '../core/types.ts'

export class BarAcc {
  ts = 0
  open = 0
  high = 0
  low = 0
  close = 0
  volume = 0
  quoteVolume = 0
  takerBuyVolume = 0
  takerBuyQuote = 0
  count = 0
  longLiqUsd = 0
  shortLiqUsd = 0
  cascadeDepth = 0
  liquidations: LiquidationEvent[] = []

  start(ts: number, price: number): void {
    this.ts = ts
    this.open = this.high = this.low = this.close = price
    this.volume = this.quoteVolume = this.takerBuyVolume = this.takerBuyQuote = 0
    this.count = 0
    this.longLiqUsd = this.shortLiqUsd = 0
    this.cascadeDepth = 0
    this.liquidations = []
  }

  /** A price the market traded at. */
  touch(price: number): void {
    if (price > this.high) this.high = price
    if (price < this.low) this.low = price
    this.close = price
  }

  /** A trade of `qty` base units at `price`; `takerBuy` when the aggressor bought. */
  trade(qty: number, price: number, takerBuy: boolean, trades = 1): void {
    const usd = qty * price
    this.volume += qty
    this.quoteVolume += usd
    if (takerBuy) {
      this.takerBuyVolume += qty
      this.takerBuyQuote += usd
    }
    this.count += trades
  }

  /** Background (OI-neutral) volume: `usd` in total, of which `buyUsd` taker buys. */
  background(usd: number, buyUsd: number, price: number, trades: number): void {
    this.volume += usd / price
    this.quoteVolume += usd
    this.takerBuyVolume += buyUsd / price
    this.takerBuyQuote += buyUsd
    this.count += trades
  }

  /** A liquidation of a position of `side` (+1 long) filled at `price`. */
  liquidation(
    ts: number,
    venue: string,
    symbol: string,
    side: number,
    price: number,
    qty: number,
  ): void {
    const usd = qty * price
    this.liquidations.push({
      ts,
      venue,
      symbol,
      side: side > 0 ? 'long' : 'short',
      price,
      qty,
      usd: Math.round(usd * 100) / 100,
    })
    if (side > 0) this.longLiqUsd += usd
    else this.shortLiqUsd += usd
  }

  bar(): Bar {
    const r3 = (x: number): number => Math.round(x * 1000) / 1000
    const r2 = (x: number): number => Math.round(x * 100) / 100
    return {
      ts: this.ts,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: r3(this.volume),
      quoteVolume: r2(this.quoteVolume),
      takerBuyVolume: r3(this.takerBuyVolume),
      takerBuyQuoteVolume: r2(this.takerBuyQuote),
    }
  }
}
