/**
 * Stream bookkeeping of a feed: one `StreamTracker` per served channel and symbol (expected
 * interval from `DEFAULT_EXPECTED_MS`, or `staleAfterMs` when set), their statuses and states,
 * per-stream stale detection, and the routing of mapped market events to their stream with
 * duplicate dropping before they are emitted.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { FeedOptions } from './feed-types.ts'
import { DEFAULT_EXPECTED_MS, StreamTracker } from './stream-status.ts'
import { CHANNEL_OF, type Channel, type StreamStatus } from './types.ts'

/** The trackers of the channels a feed serves, for each of its symbols. */
export class FeedStreams {
  private readonly _trackers = new Map<Channel, Map<string, StreamTracker>>()

  constructor(
    private readonly _opts: FeedOptions,
    served: readonly Channel[],
  ) {
    for (const ch of served) {
      const m = new Map<string, StreamTracker>()
      const expected =
        DEFAULT_EXPECTED_MS[ch] === undefined
          ? undefined
          : (_opts.staleAfterMs ?? DEFAULT_EXPECTED_MS[ch])
      for (const s of _opts.symbols) m.set(s, new StreamTracker(_opts.venue, ch, s, expected))
      this._trackers.set(ch, m)
    }
  }

  serves(ch: Channel): boolean {
    return this._trackers.has(ch)
  }

  tracker(ch: Channel, symbol: string): StreamTracker | undefined {
    return this._trackers.get(ch)?.get(symbol)
  }

  statuses(reconnects: number, malformed: number, note: string | undefined): StreamStatus[] {
    const out: StreamStatus[] = []
    for (const m of this._trackers.values()) {
      for (const t of m.values()) out.push(t.snapshot(reconnects, malformed, note))
    }
    return out
  }

  setState(state: StreamStatus['state']): void {
    for (const m of this._trackers.values()) for (const t of m.values()) t.state = state
  }

  /** Checks every timed stream (connection open since `since`): how many are timed, how many stale. */
  checkStale(now: number, since: number): { timed: number; stale: number } {
    let timed = 0
    let stale = 0
    for (const m of this._trackers.values()) {
      for (const t of m.values()) {
        if (t.expectedMs === undefined) continue
        timed++
        if (t.checkStale(now, since)) stale++
      }
    }
    return { timed, stale }
  }

  /** Counts `e` on its stream and emits it unless it is a duplicate; unserved streams drop it. */
  route(e: MarketEvent): void {
    if (e.type === 'disconnect') return
    const t = this._trackers.get(CHANNEL_OF[e.type])?.get(e.symbol)
    if (!t) return
    t.onMessage(e.localTs)
    if (this._opts.dedup.seen(e)) {
      t.duplicates++
      return
    }
    this._opts.emit(e)
  }
}
