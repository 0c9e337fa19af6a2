/**
 * A "stream" made by polling REST, for data a venue has no WebSocket channel for (Binance open
 * interest). Same status, dedup and disconnect semantics as a socket feed: a failed poll marks the
 * stream stale (with the error as note) and is retried at the next period; rate limits wait
 * inside the REST client.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { Feed, FeedOptions } from './feed-base.ts'
import { StreamTracker } from './stream-status.ts'
import type { Channel, StreamStatus } from './types.ts'

export class PollFeed implements Feed {
  private readonly _trackers: StreamTracker[]
  private _failures = 0

  constructor(
    private readonly _o: FeedOptions,
    private readonly _channel: Channel,
    /** Poll period, ms. */
    private readonly _periodMs: number,
    private readonly _fetch: (symbol: string, signal: AbortSignal) => Promise<MarketEvent>,
  ) {
    const expected = _o.staleAfterMs ?? Math.max(3 * _periodMs, 30_000)
    this._trackers = _o.symbols.map((s) => new StreamTracker(_o.venue, _channel, s, expected))
  }

  statuses(): StreamStatus[] {
    return this._trackers.map((t) => t.snapshot(0, 0))
  }

  async run(signal: AbortSignal): Promise<void> {
    const { clock } = this._o
    while (!signal.aborted) {
      const started = clock.now()
      for (const t of this._trackers) {
        if (signal.aborted) break
        try {
          const e = await this._fetch(t.symbol, signal)
          if (t.state !== 'open') t.state = 'open'
          t.note = undefined
          t.onMessage(e.localTs)
          if (this._o.dedup.seen(e)) t.duplicates++
          else this._o.emit(e)
        } catch (err) {
          if (signal.aborted) break
          this._failures++
          t.note = `poll failed (${this._failures}×): ${err instanceof Error ? err.message : String(err)}`
          t.checkStale(clock.now(), started)
        }
      }
      const spent = clock.now() - started
      await clock.sleep(Math.max(0, this._periodMs - spent), signal)
    }
    for (const t of this._trackers) t.state = 'closed'
  }
}
