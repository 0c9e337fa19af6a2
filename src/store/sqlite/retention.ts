/**
 * The retention policy: deletes rows older than the policy allows, per kind (bars per timeframe,
 * book snapshots, trade bars, liquidations), in one transaction. Book retention 0 keeps only the
 * latest snapshot per venue and symbol.
 * @module
 */
import type Database from 'better-sqlite3'
import type { UtcMs } from '../../core/types.ts'
import { canonicalTf } from '../event-rows.ts'
import type { RetentionPolicy, RetentionResult } from '../store.ts'

export function applyRetentionPolicy(
  db: Database.Database,
  policy: RetentionPolicy,
  now: UtcMs,
): RetentionResult {
  const deleted: Record<string, number> = {}
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
  })()
  return { deleted }
}
