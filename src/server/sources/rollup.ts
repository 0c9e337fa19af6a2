/**
 * Rolls a venue's streamed bars (e.g. 1m klines, forming and closed) up into the server's bar
 * timeframe (e.g. 5m): a forming bucket on every update, a closed bucket once its last minute
 * closes (or, if that minute never arrives, when the next bucket starts).
 * @module
 */
import type { Bar, UtcMs } from '../../core/types.ts'

export interface RolledBar {
  readonly bar: Bar
  readonly closed: boolean
}

interface Bucket {
  ts: UtcMs
  open: number
  high: number
  low: number
  close: number
  /** Sums over the closed sub-bars; the forming one is added on output. */
  volume: number | undefined
  quoteVolume: number | undefined
  takerBuyVolume: number | undefined
  takerBuyQuoteVolume: number | undefined
}

const add = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : a + b

export class BarRollup {
  private _cur: Bucket | undefined
  private _forming: Bar | undefined

  constructor(
    /** Target bar length, ms. */
    readonly tfMs: number,
  ) {}

  /** Feeds one sub-bar (`subMs` long, opening at `bar.ts`); returns what to publish, in order. */
  push(bar: Bar, subMs: number, closed: boolean): RolledBar[] {
    const out: RolledBar[] = []
    const start = Math.floor(bar.ts / this.tfMs) * this.tfMs
    if (this._cur && start < this._cur.ts) return out // late: that bucket is gone
    if (this._cur && start > this._cur.ts) {
      out.push({ bar: this._emit(), closed: true })
      this._cur = undefined
    }
    if (!this._cur) {
      this._cur = {
        ts: start,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: undefined,
        quoteVolume: undefined,
        takerBuyVolume: undefined,
        takerBuyQuoteVolume: undefined,
      }
    }
    const c = this._cur
    c.high = Math.max(c.high, bar.high)
    c.low = Math.min(c.low, bar.low)
    c.close = bar.close
    if (closed) {
      c.volume = add(c.volume, bar.volume)
      c.quoteVolume = add(c.quoteVolume, bar.quoteVolume)
      c.takerBuyVolume = add(c.takerBuyVolume, bar.takerBuyVolume)
      c.takerBuyQuoteVolume = add(c.takerBuyQuoteVolume, bar.takerBuyQuoteVolume)
      this._forming = undefined
      if (bar.ts + subMs >= start + this.tfMs) {
        out.push({ bar: this._emit(), closed: true })
        this._cur = undefined
      } else out.push({ bar: this._emit(), closed: false })
    } else {
      this._forming = bar
      out.push({ bar: this._emit(), closed: false })
    }
    return out
  }

  private _emit(): Bar {
    const c = this._cur
    if (!c) throw new Error('internal: no bucket')
    const f = this._forming
    const b: Bar = {
      ts: c.ts,
      open: c.open,
      high: c.high,
      low: c.low,
      close: c.close,
      ...(add(c.volume, f?.volume) !== undefined ? { volume: add(c.volume, f?.volume) } : {}),
      ...(add(c.quoteVolume, f?.quoteVolume) !== undefined
        ? { quoteVolume: add(c.quoteVolume, f?.quoteVolume) }
        : {}),
      ...(add(c.takerBuyVolume, f?.takerBuyVolume) !== undefined
        ? { takerBuyVolume: add(c.takerBuyVolume, f?.takerBuyVolume) }
        : {}),
      ...(add(c.takerBuyQuoteVolume, f?.takerBuyQuoteVolume) !== undefined
        ? { takerBuyQuoteVolume: add(c.takerBuyQuoteVolume, f?.takerBuyQuoteVolume) }
        : {}),
    }
    return b
  }
}
