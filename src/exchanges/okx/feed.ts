/**
 * OKX v5 live feeds: the public endpoint (`/ws/v5/public`: trades, open-interest, funding-rate,
 * mark-price, liquidation-orders for instType SWAP, books) and the business endpoint
 * (`/ws/v5/business`: candle1m). Keep-alive: the text `ping` when nothing arrived for 25 s (the
 * server closes after 30 s). Book: seqId/prevSeqId chain; a break resubscribes for a new snapshot.
 * ctVal per instrument is loaded before connecting (sizes are contracts).
 * @module
 */
import { FeedBase, type FeedOptions, type Heartbeat } from '../feed-base.ts'
import { OkxBookSync, type BookSync } from '../orderbook.ts'
import { toVenueSymbol } from '../symbols.ts'
import type { Channel } from '../types.ts'
import { OkxMapper } from './mapper.ts'
import type { OkxRest } from './rest.ts'

export const OKX_WS = 'wss://ws.okx.com:8443/ws/v5'

type Arg = { channel: string; instId?: string; instType?: string }

const PUBLIC_ARGS: Partial<Record<Channel, (instId: string) => Arg[]>> = {
  trades: (instId) => [{ channel: 'trades', instId }],
  open_interest: (instId) => [{ channel: 'open-interest', instId }],
  funding: (instId) => [
    { channel: 'funding-rate', instId },
    { channel: 'mark-price', instId },
  ],
  liquidations: () => [{ channel: 'liquidation-orders', instType: 'SWAP' }],
  book: (instId) => [{ channel: 'books', instId }],
}

export class OkxFeed extends FeedBase {
  static readonly PUBLIC: readonly Channel[] = [
    'trades',
    'open_interest',
    'funding',
    'liquidations',
    'book',
  ]
  static readonly BUSINESS: readonly Channel[] = ['bars']
  protected readonly mapper = new OkxMapper()
  private _id = 0

  constructor(
    opts: FeedOptions,
    served: readonly Channel[],
    private readonly _url: string,
    private readonly _rest: OkxRest,
  ) {
    super(opts, served)
  }

  protected url(): string {
    return this._url
  }

  protected override async prepare(): Promise<void> {
    const missing: string[] = []
    for (const s of this.opts.symbols) {
      const instId = toVenueSymbol('okx', s)
      try {
        this.mapper.ctVal.set(instId, await this._rest.ctVal(instId))
      } catch {
        missing.push(instId)
      }
    }
    if (missing.length === this.opts.symbols.length)
      throw new Error(`no ctVal for ${missing.join(', ')}`)
    if (missing.length > 0) this.setNote(`unknown instruments (no data): ${missing.join(', ')}`)
  }

  protected override subscribeMessages(): string[] {
    const args: Arg[] = []
    const seen = new Set<string>()
    for (const s of this.opts.symbols) {
      const instId = toVenueSymbol('okx', s)
      const all: Arg[] = this.serves('bars') ? [{ channel: 'candle1m', instId }] : []
      for (const [ch, make] of Object.entries(PUBLIC_ARGS))
        if (this.serves(ch as Channel)) all.push(...make(instId))
      for (const a of all) {
        const key = JSON.stringify(a)
        if (!seen.has(key)) {
          seen.add(key)
          args.push(a)
        }
      }
    }
    return args.length > 0 ? [this._op('subscribe', args)] : []
  }

  protected override heartbeat(): Heartbeat {
    return { mode: 'idle', intervalMs: 25_000, message: 'ping' }
  }

  protected override createBookSync(): BookSync {
    return new OkxBookSync()
  }

  protected override onBookGap(symbol: string): void {
    const arg = [{ channel: 'books', instId: toVenueSymbol('okx', symbol) }]
    this.send(this._op('unsubscribe', arg))
    this.send(this._op('subscribe', arg))
  }

  private _op(op: string, args: Arg[]): string {
    return JSON.stringify({ id: String(++this._id), op, args })
  }
}
