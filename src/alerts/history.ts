/**
 * Reading the alert history: events (table `alert_events`) with their deliveries.
 * @module
 */
import type Database from 'better-sqlite3'
import { toDelivery, type OutboxRow } from './outbox.ts'
import type { AlertEvent, Delivery, EventStatus } from './types.ts'

export interface EventQuery {
  /** Only events after this id (oldest first); without it the newest come first. */
  readonly since?: number
  readonly ruleId?: string
  /** 1..1000, default 100. */
  readonly limit?: number
}

export interface EventWithDeliveries extends AlertEvent {
  readonly deliveries: Omit<Delivery, 'eventId'>[]
}

export interface EventRow {
  id: number
  rule_id: string
  key: string
  symbol: string
  kind: string
  at: number
  price: number
  message: string
  cluster: string | null
  detail: string
  status: string
  created_at: number
}

export function toEvent(r: EventRow): AlertEvent {
  return {
    id: r.id,
    ruleId: r.rule_id,
    key: r.key,
    symbol: r.symbol,
    kind: r.kind as AlertEvent['kind'],
    at: r.at,
    price: r.price,
    message: r.message,
    ...(r.cluster !== null ? { cluster: JSON.parse(r.cluster) as AlertEvent['cluster'] } : {}),
    detail: JSON.parse(r.detail) as AlertEvent['detail'],
    status: r.status as EventStatus,
    createdAt: r.created_at,
  }
}

/** The history, newest first (or, with `since`, the events after that id, oldest first). */
export function readEvents(db: Database.Database, opts: EventQuery = {}): EventWithDeliveries[] {
  const limit = Math.min(Math.max(1, opts.limit ?? 100), 1000)
  const where: string[] = []
  const args: (string | number)[] = []
  if (opts.since !== undefined) {
    where.push('id > ?')
    args.push(opts.since)
  }
  if (opts.ruleId !== undefined) {
    where.push('rule_id = ?')
    args.push(opts.ruleId)
  }
  const sql = `SELECT * FROM alert_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id ${opts.since !== undefined ? 'ASC' : 'DESC'} LIMIT ?`
  const rows = db.prepare(sql).all(...args, limit) as EventRow[]
  const deliveries = db.prepare('SELECT * FROM alert_outbox WHERE event_id = ? ORDER BY id')
  return rows.map((r) => ({
    ...toEvent(r),
    deliveries: (deliveries.all(r.id) as OutboxRow[]).map((d) => {
      const { eventId: _e, ...rest } = toDelivery(d)
      return rest
    }),
  }))
}

export function lastEventId(db: Database.Database): number {
  const r = db.prepare('SELECT MAX(id) AS id FROM alert_events').get() as {
    id: number | null
  }
  return r.id ?? 0
}
