/**
 * Bybit v5 public linear live feed: one connection to `/v5/public/linear` subscribing
 * `publicTrade`, `kline.1`, `tickers` (open interest + funding + mark), `allLiquidation` and
 * `orderbook.200`. Heartbeat: `{"op":"ping"}` every 20 s (idle cut at 10 min). Book: snapshot
 * then deltas; on a broken sequence the topic is resubscribed for a new snapshot.
 * @module
 */
import { FeedBase, type FeedOptions, type Heartbeat } from '../feed-base.ts'
import { BybitBookSync, type BookSync } from '../orderbook.ts'
import type { Channel } from '../types.ts'
import { BybitMapper } from './mapper.ts'
import type { BybitRest } from './rest.ts'

export const BYBIT_WS = 'wss://stream.bybit.com/v5/public/linear'

const TOPICS: Record<Channel, (s: string) => string> = {
  trades: (s) => `publicTrade.${s}`,
  bars: (s) => `kline.1.${s}`,
  open_interest: (s) => `tickers.${s}`,
  funding: (s) => `tickers.${s}`,
  liquidations: (s) => `allLiquidation.${s}`,
  book: (s) => `orderbook.200.${s}`,
}

export class BybitFeed extends FeedBase {
  protected readonly mapper = new BybitMapper()
  private _reqId = 0

  constructor(
    opts: FeedOptions,
    served: readonly Channel[],
    private readonly _url: string,
    private readonly _rest: BybitRest,
  ) {
    super(opts, served)
  }

  protected url(): string {
    return this._url
  }

  protected override subscribeMessages(): string[] {
    const args = new Set<string>()
    for (const s of this.opts.symbols) {
      for (const [ch, topic] of Object.entries(TOPICS))
        if (this.serves(ch as Channel)) args.add(topic(s))
    }
    const list = [...args]
    const out: string[] = []
    for (let i = 0; i < list.length; i += 10) out.push(this._op('subscribe', list.slice(i, i + 10)))
    return out
  }

  protected override heartbeat(): Heartbeat {
    return { mode: 'fixed', intervalMs: 20_000, message: JSON.stringify({ op: 'ping' }) }
  }

  protected override async prepare(): Promise<void> {
    if (!this.serves('funding')) return
    for (const [s, h] of await this._rest.fundingHours()) this.mapper.fundingHours.set(s, h)
  }

  protected override createBookSync(): BookSync {
    return new BybitBookSync()
  }

  protected override onBookGap(symbol: string): void {
    const topic = TOPICS.book(symbol)
    this.send(this._op('unsubscribe', [topic]))
    this.send(this._op('subscribe', [topic]))
  }

  private _op(op: string, args: string[]): string {
    return JSON.stringify({ req_id: String(++this._reqId), op, args })
  }
}
