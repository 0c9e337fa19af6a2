/**
 * Per-stream health bookkeeping used by every feed: message counts, last message time, stale
 * detection against an expected interval, and the state of the connection carrying the stream.
 * @module
 */
import type { Venue } from '../core/types.ts'
import type { Channel, StreamStatus } from './types.ts'

/** Default expected interval per channel (ms); undefined = event-driven, never stale. */
export const DEFAULT_EXPECTED_MS: Record<Channel, number | undefined> = {
  trades: 120_000,
  bars: 120_000,
  open_interest: 120_000,
  funding: 180_000,
  liquidations: undefined,
  book: 60_000,
}

export function streamName(channel: Channel, symbol: string): string {
  return `${channel}:${symbol}`
}

export class StreamTracker {
  state: StreamStatus['state'] = 'connecting'
  messages = 0
  duplicates = 0
  lastMessageTs: number | undefined
  note: string | undefined

  constructor(
    readonly venue: Venue,
    readonly channel: Channel,
    readonly symbol: string,
    /** No data for longer than this (ms) marks the stream stale; undefined = never. */
    readonly expectedMs: number | undefined,
  ) {}

  get name(): string {
    return streamName(this.channel, this.symbol)
  }

  onMessage(localTs: number): void {
    this.messages++
    this.lastMessageTs = localTs
    if (this.state === 'stale' || this.state === 'connecting') this.state = 'open'
  }

  /** Re-evaluates staleness; `since` is when the connection opened. Returns true when stale. */
  checkStale(now: number, since: number): boolean {
    if (this.expectedMs === undefined || this.state === 'closed' || this.state === 'connecting')
      return false
    const last = Math.max(this.lastMessageTs ?? since, since)
    const stale = now - last > this.expectedMs
    this.state = stale ? 'stale' : 'open'
    return stale
  }

  snapshot(reconnects: number, malformed: number, connNote?: string): StreamStatus {
    const note = [this.note, connNote].filter((x) => x !== undefined && x.length > 0).join('; ')
    return {
      venue: this.venue,
      stream: this.name,
      state: this.state,
      ...(this.lastMessageTs !== undefined ? { lastMessageTs: this.lastMessageTs } : {}),
      messages: this.messages,
      reconnects,
      ...(note.length > 0 ? { note } : {}),
      malformed,
      duplicates: this.duplicates,
    }
  }
}
