/**
 * Stream gaps: spans during which a venue's stream was down, recorded by the collector and marked
 * filled once the REST-recoverable kinds were backfilled.
 * @module
 */
import type Database from 'better-sqlite3'
import type { Venue } from '../../core/types.ts'
import type { StreamGap } from '../store.ts'
import type { Span } from './read.ts'

interface GapSql {
  id: number
  venue: Venue
  symbol: string | null
  from_ts: number
  to_ts: number
  reason: string
  filled: number
}

export function insertGap(db: Database.Database, g: Omit<StreamGap, 'id' | 'filled'>): number {
  const r = db
    .prepare(
      'INSERT INTO stream_gaps (venue, symbol, from_ts, to_ts, reason) VALUES (?, ?, ?, ?, ?)',
    )
    .run(g.venue, g.symbol ?? null, g.from, g.to, g.reason)
  return Number(r.lastInsertRowid)
}

export function fillGap(db: Database.Database, id: number): void {
  db.prepare('UPDATE stream_gaps SET filled = 1, filled_at = ? WHERE id = ?').run(Date.now(), id)
}

export function extendGapEnd(db: Database.Database, id: number, to: number): void {
  db.prepare('UPDATE stream_gaps SET to_ts = MAX(to_ts, ?) WHERE id = ?').run(to, id)
}

export function listGaps(
  db: Database.Database,
  opts: { venues?: readonly Venue[]; symbol?: string; open?: boolean; overlaps?: Span } = {},
): StreamGap[] {
  const where: string[] = []
  const args: (string | number)[] = []
  if (opts.venues) {
    if (opts.venues.length === 0) return []
    where.push(`venue IN (${opts.venues.map(() => '?').join(', ')})`)
    args.push(...opts.venues)
  }
  if (opts.symbol !== undefined) {
    where.push('(symbol IS NULL OR symbol = ?)')
    args.push(opts.symbol)
  }
  if (opts.open === true) where.push('filled = 0')
  if (opts.open === false) where.push('filled = 1')
  if (opts.overlaps) {
    where.push('to_ts > ? AND from_ts < ?')
    args.push(opts.overlaps.from, opts.overlaps.to)
  }
  const sql = `SELECT * FROM stream_gaps ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY from_ts, id`
  const rows = db.prepare(sql).all(...args) as GapSql[]
  return rows.map((r) => ({
    id: r.id,
    venue: r.venue,
    symbol: r.symbol ?? undefined,
    from: r.from_ts,
    to: r.to_ts,
    reason: r.reason,
    filled: r.filled === 1,
  }))
}
