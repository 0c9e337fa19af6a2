/**
 * The address source: Hyperliquid's public `trades` stream for one coin, on the same feed base
 * (reconnects, ping keep-alive, stale detection) as the market connector. The connector's trade
 * events drop the `users` field, so this feed taps the raw messages: every trade's
 * `users: [buyer, seller]` is passed to `onUsers` (lower-cased; anything but `0x` + 40 hex is
 * counted as invalid and skipped), then the message goes through the normal mapper so stream
 * status (last message, staleness) works as for any feed.
 * @module
 */
import type { FeedOptions } from '../../feed-base.ts'
import { isObj, parseJson } from '../../parse.ts'
import type { MappedItem, MapResult } from '../../types.ts'
import { HyperliquidFeed } from '../feed.ts'
import { HyperliquidMapper } from '../mapper.ts'
import { isAddress } from './info-client.ts'

/** Receives the addresses of one trade message (2 per trade), with the receive time. */
export type UsersSink = (addresses: readonly string[], localTs: number) => void

class UsersTapMapper extends HyperliquidMapper {
  invalid = 0

  constructor(private readonly _sink: UsersSink) {
    super()
  }

  override map(text: string, localTs: number, out: MappedItem[]): MapResult {
    const msg = parseJson(text)
    if (isObj(msg) && msg.channel === 'trades' && Array.isArray(msg.data)) {
      const found: string[] = []
      for (const t of msg.data) {
        if (!isObj(t) || !Array.isArray(t.users)) continue
        for (const u of t.users) {
          const a = typeof u === 'string' ? u.toLowerCase() : ''
          if (isAddress(a)) found.push(a)
          else this.invalid++
        }
      }
      if (found.length > 0) this._sink(found, localTs)
    }
    return super.map(text, localTs, out)
  }
}

/** Subscribes `trades` for the feed's symbols and reports each trade's two addresses. */
export class HlTradeUsersFeed extends HyperliquidFeed {
  protected override readonly mapper: UsersTapMapper

  constructor(opts: FeedOptions, url: string, sink: UsersSink) {
    super(opts, ['trades'], url)
    this.mapper = new UsersTapMapper(sink)
  }

  /** Addresses skipped as malformed. */
  get invalidAddresses(): number {
    return this.mapper.invalid
  }
}
