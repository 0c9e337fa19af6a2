/**
 * Binance USDⓈ-M live feeds. Routed endpoints: `/market/stream?streams=…` carries aggTrade,
 * kline_1m, markPrice@1s and forceOrder; `/public/stream?streams=…` carries depth@100ms (the
 * local book is synced with a REST snapshot, see orderbook.ts). Server pings every 3 min (ws
 * answers pongs); we also ping when idle for 60 s. Connections are valid 24 h: rotated at 23.5 h.
 * Open interest has no stream and is polled from REST.
 * @module
 */
import { FeedBase, type FeedOptions, type Heartbeat } from '../feed-base.ts'
import { BinanceBookSync, type BookSync } from '../orderbook.ts'
import type { Channel } from '../types.ts'
import { BinanceMapper } from './mapper.ts'
import type { BinanceRest } from './rest.ts'

export const BINANCE_WS = 'wss://fstream.binance.com'
const ROTATE_MS = 23.5 * 3_600_000

const MARKET_STREAMS: Partial<Record<Channel, (s: string) => string>> = {
  trades: (s) => `${s}@aggTrade`,
  bars: (s) => `${s}@kline_1m`,
  funding: (s) => `${s}@markPrice@1s`,
  liquidations: (s) => `${s}@forceOrder`,
}

abstract class BinanceFeed extends FeedBase {
  protected readonly mapper = new BinanceMapper()
  constructor(
    opts: FeedOptions,
    served: readonly Channel[],
    protected readonly wsBase: string,
    protected readonly rest: BinanceRest,
  ) {
    super(opts, served)
  }
  protected override heartbeat(): Heartbeat {
    return { mode: 'idle', intervalMs: 60_000 }
  }
  protected override maxLifetimeMs(): number {
    return ROTATE_MS
  }
}

export class BinanceMarketFeed extends BinanceFeed {
  static readonly CHANNELS: readonly Channel[] = ['trades', 'bars', 'funding', 'liquidations']

  protected url(): string {
    const streams: string[] = []
    for (const s of this.opts.symbols) {
      for (const [ch, name] of Object.entries(MARKET_STREAMS)) {
        if (this.serves(ch as Channel)) streams.push(name(s.toLowerCase()))
      }
    }
    return `${this.wsBase}/market/stream?streams=${streams.join('/')}`
  }

  protected override async prepare(signal: AbortSignal): Promise<void> {
    if (!this.serves('funding')) return
    for (const [s, h] of await this.rest.fundingHours()) this.mapper.fundingHours.set(s, h)
    if (signal.aborted) return
  }
}

export class BinanceDepthFeed extends BinanceFeed {
  private readonly _syncs = new Map<string, BinanceBookSync>()
  private readonly _fetching = new Set<string>()
  private _generation = 0

  protected url(): string {
    const streams = this.opts.symbols.map((s) => `${s.toLowerCase()}@depth@100ms`)
    return `${this.wsBase}/public/stream?streams=${streams.join('/')}`
  }

  protected override createBookSync(symbol: string): BookSync {
    let s = this._syncs.get(symbol)
    if (!s) {
      s = new BinanceBookSync()
      this._syncs.set(symbol, s)
    }
    return s
  }

  protected override onOpen(): void {
    this._generation++
    this._fetching.clear()
    for (const s of this.opts.symbols) this._snapshot(s)
  }

  protected override onBookGap(symbol: string): void {
    this._snapshot(symbol)
  }

  /** Fetches the REST snapshot and bridges the buffered events to it. */
  private _snapshot(symbol: string): void {
    if (this._fetching.has(symbol)) return
    this._fetching.add(symbol)
    const gen = this._generation
    this.rest
      .depth(symbol)
      .then((snap) => {
        this._fetching.delete(symbol)
        if (gen !== this._generation) return
        const sync = this.bookSync(symbol) as BinanceBookSync
        const r = sync.setSnapshot(snap.lastUpdateId, toLevels(snap.bids), toLevels(snap.asks))
        const now = this.opts.clock.now()
        if (r === 'applied') this.emitBook(symbol, now, now)
        else if (r === 'gap') this.onBookGap(symbol)
      })
      .catch((err: unknown) => {
        this._fetching.delete(symbol)
        if (gen !== this._generation) return
        this.setNote(`depth snapshot failed: ${err instanceof Error ? err.message : String(err)}`)
        this.drop('depth snapshot failed', false)
      })
  }
}

function toLevels(rows: readonly (readonly [string, string])[]): [number, number][] {
  return rows.map(([p, q]) => [Number(p), Number(q)])
}
