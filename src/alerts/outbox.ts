/**
 * The delivery outbox (table `alert_outbox`): rows are added with their event in the engine's
 * transaction (`AlertStore.commitEvaluation`); the dispatcher takes the due ones, counts each
 * attempt before sending and commits the result after it.
 * @module
 */
import type Database from 'better-sqlite3'
import type { UtcMs } from '../core/types.ts'
import type { ChannelName, Delivery, DeliveryStatus } from './types.ts'

/** An outbox row ready to send: where, what (the exact bytes every attempt sends) and its key. */
export interface OutboxItem extends Delivery {
  /** Channel settings (URL, secret, timeout; or chat id and bot token). */
  readonly target: Readonly<Record<string, unknown>>
  readonly payload: string
}

export interface OutboxRow {
  id: number
  event_id: number
  channel: string
  destination: string
  target: string
  payload: string
  idem_key: string
  status: string
  attempts: number
  next_attempt_at: number
  last_error: string | null
  delivered_at: number | null
  created_at: number
}

export function toDelivery(r: OutboxRow): Delivery {
  return {
    id: r.id,
    eventId: r.event_id,
    channel: r.channel as ChannelName,
    destination: r.destination,
    idempotencyKey: r.idem_key,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    ...(r.last_error !== null ? { lastError: r.last_error } : {}),
    ...(r.delivered_at !== null ? { deliveredAt: r.delivered_at } : {}),
    createdAt: r.created_at,
  }
}

export class Outbox {
  constructor(private readonly _db: Database.Database) {}

  /**
   * Pending deliveries due at `now`, at most one per destination: the oldest pending row of each
   * destination, so a destination's deliveries go out in order even while one is being retried.
   */
  dueDeliveries(now: UtcMs, limit = 20): OutboxItem[] {
    const rows = this._db
      .prepare(
        `SELECT o.* FROM alert_outbox o
         WHERE o.status = 'pending' AND o.next_attempt_at <= ?
           AND o.id = (SELECT MIN(p.id) FROM alert_outbox p WHERE p.status = 'pending' AND p.destination = o.destination)
         ORDER BY o.id LIMIT ?`,
      )
      .all(now, limit) as OutboxRow[]
    return rows.map((r) => ({
      ...toDelivery(r),
      target: JSON.parse(r.target) as Record<string, unknown>,
      payload: r.payload,
    }))
  }

  /** Earliest next attempt of any pending delivery (undefined when none is pending). */
  nextDueAt(): UtcMs | undefined {
    const r = this._db
      .prepare(`SELECT MIN(next_attempt_at) AS t FROM alert_outbox WHERE status = 'pending'`)
      .get() as { t: number | null }
    return r.t ?? undefined
  }

  pendingCount(): number {
    const r = this._db
      .prepare(`SELECT COUNT(*) AS n FROM alert_outbox WHERE status = 'pending'`)
      .get() as { n: number }
    return r.n
  }

  /** Counts an attempt before it is made (committed), so a crash mid-send still counts it. */
  markAttempt(id: number): void {
    this._db.prepare('UPDATE alert_outbox SET attempts = attempts + 1 WHERE id = ?').run(id)
  }

  markDelivered(id: number, now: UtcMs): void {
    this._db
      .prepare(
        `UPDATE alert_outbox SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE id = ?`,
      )
      .run(now, id)
  }

  markRetry(id: number, nextAttemptAt: UtcMs, error: string): void {
    this._db
      .prepare('UPDATE alert_outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?')
      .run(nextAttemptAt, error.slice(0, 500), id)
  }

  markFailed(id: number, error: string): void {
    this._db
      .prepare(`UPDATE alert_outbox SET status = 'failed', last_error = ? WHERE id = ?`)
      .run(error.slice(0, 500), id)
  }
}
