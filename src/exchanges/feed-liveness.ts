/**
 * Connection liveness of a feed: when the connection opened and when a frame was last received,
 * sent or pinged (clock ms), and the housekeeping decisions made on each tick — proactive
 * rotation before the venue's connection lifetime, whether a heartbeat is due, and the drop of a
 * connection on which nothing was received for too long.
 * @module
 */
import type { Heartbeat } from './feed-types.ts'

export class Liveness {
  openedAt = 0
  /** Any frame: data, pong, ping. */
  lastRecv = 0
  lastSent = 0
  lastPing = 0

  /** A connection opened at `now`. */
  opened(now: number): void {
    this.openedAt = this.lastRecv = this.lastSent = this.lastPing = now
  }

  /** The drop reason once the connection has lived `lifeMs` (undefined = never rotate). */
  rotation(now: number, lifeMs: number | undefined): string | undefined {
    if (lifeMs !== undefined && now - this.openedAt >= lifeMs)
      return `rotation after ${Math.round((now - this.openedAt) / 60_000)} min (venue limit 24 h)`
    return undefined
  }

  /** True when `hb` is due at `now`; it is then counted as sent. */
  heartbeatDue(now: number, hb: Heartbeat): boolean {
    const ref = hb.mode === 'idle' ? Math.max(this.lastRecv, this.lastPing) : this.lastPing
    if (now - ref >= hb.intervalMs) {
      this.lastPing = now
      return true
    }
    return false
  }

  /** The drop reason when nothing was received for too long (`staleAfterMs`, default 90 s). */
  silence(
    now: number,
    staleAfterMs: number | undefined,
    hb: Heartbeat | undefined,
  ): string | undefined {
    // Liveness: any frame (data, pong, ping). Never shorter than two heartbeat periods.
    const deadMs = Math.max(staleAfterMs ?? 90_000, hb ? 2 * hb.intervalMs : 0)
    return now - this.lastRecv > deadMs
      ? `stale: nothing received for ${now - this.lastRecv} ms`
      : undefined
  }
}
