/**
 * The public shapes of a venue feed: the options every feed is built with, the `Feed` interface
 * the adapters run, and the heartbeat a WebSocket feed asks for (`FeedBase.heartbeat()`).
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { Venue } from '../core/types.ts'
import type { BackoffOptions, Clock } from './clock.ts'
import type { Dedup } from './dedup.ts'
import type { StreamStatus } from './types.ts'

export interface FeedOptions {
  readonly venue: Venue
  readonly clock: Clock
  readonly emit: (e: MarketEvent) => void
  readonly dedup: Dedup
  readonly backoff: BackoffOptions
  /** Real-time period (ms) of the housekeeping tick (heartbeat, staleness, rotation). */
  readonly tickMs: number
  /** Overrides every channel's expected interval and the connection liveness limit. */
  readonly staleAfterMs?: number
  /** Levels per side in BookEvents. */
  readonly bookDepth: number
  /** Canonical symbols. */
  readonly symbols: readonly string[]
}

export interface Feed {
  run(signal: AbortSignal): Promise<void>
  statuses(): StreamStatus[]
}

export interface Heartbeat {
  /** `idle`: send when nothing was received for `intervalMs`; `fixed`: every `intervalMs`. */
  readonly mode: 'idle' | 'fixed'
  readonly intervalMs: number
  /** Text to send; undefined sends a WebSocket ping frame. */
  readonly message?: string
}
