/**
 * Hyperliquid live feed: one connection to `/ws` subscribing trades, candle 1m, activeAssetCtx
 * (open interest + funding + mark) and l2Book per coin. Keep-alive: `{"method":"ping"}` when
 * nothing arrived for 30 s (the server closes after 60 s without sending). No liquidation channel.
 * @module
 */
import { FeedBase, type FeedOptions, type Heartbeat } from '../feed-base.ts'
import { SnapshotBookSync, type BookSync } from '../orderbook.ts'
import { toVenueSymbol } from '../symbols.ts'
import type { Channel } from '../types.ts'
import { HyperliquidMapper } from './mapper.ts'

export const HYPERLIQUID_WS = 'wss://api.hyperliquid.xyz/ws'

const SUBS: Partial<Record<Channel, (coin: string) => Record<string, string>>> = {
  trades: (coin) => ({ type: 'trades', coin }),
  bars: (coin) => ({ type: 'candle', coin, interval: '1m' }),
  open_interest: (coin) => ({ type: 'activeAssetCtx', coin }),
  funding: (coin) => ({ type: 'activeAssetCtx', coin }),
  book: (coin) => ({ type: 'l2Book', coin }),
}

export class HyperliquidFeed extends FeedBase {
  protected readonly mapper = new HyperliquidMapper()

  constructor(
    opts: FeedOptions,
    served: readonly Channel[],
    private readonly _url: string,
  ) {
    super(opts, served)
  }

  protected url(): string {
    return this._url
  }

  protected override subscribeMessages(): string[] {
    const out = new Set<string>()
    for (const s of this.opts.symbols) {
      const coin = toVenueSymbol('hyperliquid', s)
      for (const [ch, sub] of Object.entries(SUBS)) {
        if (this.serves(ch as Channel))
          out.add(JSON.stringify({ method: 'subscribe', subscription: sub(coin) }))
      }
    }
    return [...out]
  }

  protected override heartbeat(): Heartbeat {
    return { mode: 'idle', intervalMs: 30_000, message: JSON.stringify({ method: 'ping' }) }
  }

  protected override createBookSync(): BookSync {
    return new SnapshotBookSync()
  }
}
