/**
 * The retention policy: deletes rows older than the policy allows, per kind (bars per timeframe,
 * book snapshots, trade bars, liquidations, open interest), and thins old open interest, all in one
 * transaction (a failure rolls every part back). Book retention 0 keeps only the latest snapshot
 * per venue and symbol.
 *
 * Open-interest thinning keeps, per venue and symbol, every sample older than the cutoff that a
 * reader of bars of 1m or longer can see: each sample exactly on a whole minute, the last sample
 * strictly inside each minute, and the first sample after more than a minute without one. The
 * model's alignment (the last sample at or before a bar's close, else the first sample;
 * `src/model/align.ts`) and the server's OI overlay (the last sample before a bucket's end) then
 * read the same values as before for every bar and bucket on whole minutes. The rule is stable:
 * a second pass deletes nothing, so it can run over any window as often as needed.
 * @module
 */
import type Database from 'better-sqlite3'
import { UsageError } from '../../core/errors.ts'
import type { UtcMs } from '../../core/types.ts'
import { canonicalTf } from '../event-rows.ts'
import type { RetentionPolicy, RetentionResult } from '../store.ts'

const MINUTE_MS = 60_000

/** What a store remembers between passes (one connection's view; never persisted). */
export interface RetentionState {
  /** Every open-interest row older than this was thinned by an earlier pass. */
  oiThinnedBefore?: UtcMs
}

/** Throws a UsageError naming the field unless every age is a finite number ≥ 0 (ms). */
export function validateRetentionPolicy(policy: RetentionPolicy, now: UtcMs): void {
  const check = (field: string, v: unknown): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new UsageError(
        `retention ${field}: ${String(v)} is not a duration (a finite number of ms, ≥ 0)`,
        field,
      )
  }
  if (typeof now !== 'number' || !Number.isFinite(now))
    throw new UsageError(`retention now: ${String(now)} is not a UTC time in ms`, 'now')
  for (const [tf, keepMs] of Object.entries(policy.barsMs ?? {})) check(`barsMs.${tf}`, keepMs)
  for (const field of [
    'booksMs',
    'tradeBarsMs',
    'liquidationsMs',
    'openInterestMs',
    'openInterestThinMs',
  ] as const)
    if (policy[field] !== undefined) check(field, policy[field])
}

export function applyRetentionPolicy(
  db: Database.Database,
  policy: RetentionPolicy,
  now: UtcMs,
  state: RetentionState = {},
): RetentionResult {
  validateRetentionPolicy(policy, now)
  const deleted: Record<string, number> = {}
  let thinnedBefore: UtcMs | undefined
  db.transaction(() => {
    for (const [tf, keepMs] of Object.entries(policy.barsMs ?? {})) {
      const r = db
        .prepare('DELETE FROM bars WHERE tf = ? AND ts < ?')
        .run(canonicalTf(tf), now - keepMs)
      deleted[`bars ${canonicalTf(tf)}`] = r.changes
    }
    if (policy.booksMs === 0) {
      deleted.books = db
        .prepare(
          `DELETE FROM book_snapshots WHERE ts < (
             SELECT MAX(b.ts) FROM book_snapshots b
             WHERE b.venue = book_snapshots.venue AND b.symbol = book_snapshots.symbol)`,
        )
        .run().changes
    } else if (policy.booksMs !== undefined) {
      deleted.books = db
        .prepare('DELETE FROM book_snapshots WHERE ts < ?')
        .run(now - policy.booksMs).changes
    }
    if (policy.tradeBarsMs !== undefined) {
      deleted.tradeBars = db
        .prepare('DELETE FROM trade_bars WHERE ts < ?')
        .run(now - policy.tradeBarsMs).changes
    }
    if (policy.liquidationsMs !== undefined) {
      deleted.liquidations = db
        .prepare('DELETE FROM liquidations WHERE ts < ?')
        .run(now - policy.liquidationsMs).changes
    }
    if (policy.openInterestMs !== undefined || policy.openInterestThinMs !== undefined) {
      const series = openInterestSeries(db)
      if (policy.openInterestMs !== undefined) {
        const del = db.prepare(
          'DELETE FROM open_interest WHERE venue = ? AND symbol = ? AND ts < ?',
        )
        let n = 0
        for (const s of series) n += del.run(s.venue, s.symbol, now - policy.openInterestMs).changes
        deleted.openInterest = n
      }
      if (policy.openInterestThinMs !== undefined) {
        const cutoff = now - policy.openInterestThinMs
        const from = state.oiThinnedBefore ?? Number.MIN_SAFE_INTEGER
        let n = 0
        if (cutoff > from) for (const s of series) n += thinSeries(db, s, from, cutoff)
        deleted['openInterest thinned'] = n
        thinnedBefore = Math.max(cutoff, from)
      }
    }
  })()
  // Only a committed pass moves the mark (a rolled-back one is redone in full next time).
  if (thinnedBefore !== undefined) state.oiThinnedBefore = thinnedBefore
  return { deleted }
}

interface Series {
  readonly venue: string
  readonly symbol: string
}

/** The stored (venue, symbol) pairs, by a skip scan of the primary key (one seek per pair). */
function openInterestSeries(db: Database.Database): Series[] {
  const first = db.prepare('SELECT venue, symbol FROM open_interest ORDER BY venue, symbol LIMIT 1')
  const next = db.prepare(
    `SELECT venue, symbol FROM open_interest WHERE (venue, symbol) > (?, ?)
     ORDER BY venue, symbol LIMIT 1`,
  )
  const out: Series[] = []
  let s = first.get() as Series | undefined
  while (s !== undefined) {
    out.push(s)
    s = next.get(s.venue, s.symbol) as Series | undefined
  }
  return out
}

/**
 * Deletes the samples in [from, cutoff) of one series that the module's rule does not keep. The
 * neighbours it looks at lie within a minute either side, so reading [from − 1m, cutoff + 1m)
 * decides exactly as a pass over the whole series would.
 */
function thinSeries(db: Database.Database, s: Series, from: UtcMs, cutoff: UtcMs): number {
  return db
    .prepare(
      `DELETE FROM open_interest WHERE venue = :venue AND symbol = :symbol AND ts IN (
         SELECT ts FROM (
           SELECT ts,
             LAG(ts) OVER (ORDER BY ts) AS prev_ts,
             LEAD(ts) OVER (ORDER BY ts) AS next_ts
           FROM open_interest
           WHERE venue = :venue AND symbol = :symbol AND ts >= :lo AND ts < :hi
         )
         WHERE ts >= :from AND ts < :cutoff
           AND ts % ${MINUTE_MS} != 0
           AND next_ts / ${MINUTE_MS} = ts / ${MINUTE_MS}
           AND ts - prev_ts <= ${MINUTE_MS}
       )`,
    )
    .run({
      venue: s.venue,
      symbol: s.symbol,
      from,
      cutoff,
      lo: Math.max(Number.MIN_SAFE_INTEGER, from - MINUTE_MS),
      hi: cutoff + MINUTE_MS,
    }).changes
}
