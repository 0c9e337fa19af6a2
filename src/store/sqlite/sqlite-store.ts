/**
 * The SQLite Store: one better-sqlite3 connection in WAL mode with `synchronous=NORMAL` (a killed
 * process loses nothing committed; a power cut may lose the last transactions but never corrupts
 * the file), prepared statements, and one transaction per batch.
 * @module
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { DataError } from '../../core/errors.ts'
import type { MarketEvent } from '../../core/events.ts'
import type { UtcMs, Venue } from '../../core/types.ts'
import type { ImportedMarketData } from '../../data/index.ts'
import { eventsToBatch, tfMs } from '../event-rows.ts'
import type {
  BookRow,
  Checkpoint,
  CheckpointKind,
  Heartbeat,
  LoadMarketOptions,
  OpenStoreOptions,
  RetentionPolicy,
  RetentionResult,
  Store,
  StoreBatch,
  StoreStats,
  StreamGap,
  TradeBarRow,
  WriteResult,
} from '../store.ts'
import { extendGapEnd, fillGap, insertGap, listGaps } from './gaps.ts'
import { loadMarketFromDb } from './load-market.ts'
import { migrate, SCHEMA_VERSION, schemaVersion } from './migrations.ts'
import { readTradeBars } from './read.ts'
import { applyRetentionPolicy, type RetentionState } from './retention.ts'
import { createBatchWriter } from './write.ts'

const TABLES = [
  'bars',
  'open_interest',
  'funding',
  'liquidations',
  'liquidation_bars',
  'trade_bars',
  'book_snapshots',
  'backfill_progress',
  'stream_gaps',
] as const

function openDatabase(path: string, opts: OpenStoreOptions): Database.Database {
  const memory = path === ':memory:'
  if (!memory && !opts.readonly) mkdirSync(dirname(resolve(path)), { recursive: true })
  let db: Database.Database
  try {
    db = new Database(path, {
      readonly: opts.readonly ?? false,
      fileMustExist: opts.readonly ?? false,
    })
  } catch (err) {
    throw new DataError(`${path}: cannot open database: ${(err as Error).message}`, path)
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
    if (!opts.readonly) {
      if (!memory) db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('temp_store = MEMORY')
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get()
  } catch (err) {
    db.close()
    throw new DataError(`${path}: not a usable liqheat database: ${(err as Error).message}`, path)
  }
  return db
}

export class SqliteStore implements Store {
  private readonly _db: Database.Database
  private readonly _write: (batch: StoreBatch) => WriteResult
  private readonly _retention: RetentionState = {}

  constructor(
    readonly path: string,
    opts: OpenStoreOptions = {},
  ) {
    this._db = openDatabase(path, opts)
    try {
      if (opts.readonly) {
        const v = schemaVersion(this._db)
        if (v === 0) throw new DataError(`${path}: not a liqheat database (no schema)`, path)
        migrateCheckOnly(v, path)
      } else {
        migrate(this._db, path)
      }
    } catch (err) {
      this._db.close()
      throw err
    }
    this._write = opts.readonly
      ? () => {
          throw new DataError(`${path}: opened read-only`, path)
        }
      : createBatchWriter(this._db)
  }

  /** The underlying connection, for tests and tools (integrity checks, ad-hoc queries). */
  get db(): Database.Database {
    return this._db
  }

  insertEvents(events: readonly MarketEvent[], checkpoints?: readonly Checkpoint[]): WriteResult {
    const { batch, ignored } = eventsToBatch(events)
    const r = this._write({ ...batch, checkpoints })
    return { written: r.written, duplicates: r.duplicates, ignored }
  }

  writeBatch(batch: StoreBatch): WriteResult {
    return this._write(batch)
  }

  getCheckpoint(venue: Venue, symbol: string, kind: CheckpointKind, tf = ''): UtcMs | undefined {
    return this.getCheckpointSpan(venue, symbol, kind, tf)?.lastTs
  }

  getCheckpointSpan(
    venue: Venue,
    symbol: string,
    kind: CheckpointKind,
    tf = '',
  ): { firstTs: UtcMs; lastTs: UtcMs } | undefined {
    const r = this._db
      .prepare(
        `SELECT first_ts, last_ts FROM backfill_progress
         WHERE venue = ? AND symbol = ? AND kind = ? AND tf = ?`,
      )
      .get(venue, symbol, kind, tf) as { first_ts: number; last_ts: number } | undefined
    return r === undefined ? undefined : { firstTs: r.first_ts, lastTs: r.last_ts }
  }

  advanceBarCheckpoint(venue: Venue, symbol: string, tf: string): UtcMs | undefined {
    const start = this.getCheckpoint(venue, symbol, 'bars', tf)
    if (start === undefined) return undefined
    const step = tfMs(tf)
    const next = this._db.prepare(
      `SELECT ts FROM bars WHERE venue = ? AND symbol = ? AND tf = ? AND closed = 1 AND ts > ?
       ORDER BY ts LIMIT 5000`,
    )
    let last = start
    for (;;) {
      const rows = next.all(venue, symbol, tf, last) as { ts: number }[]
      let i = 0
      while (i < rows.length && rows[i].ts === last + step) last = rows[i++].ts
      if (i < rows.length || rows.length < 5000) break
    }
    if (last > start)
      this._write({ checkpoints: [{ venue, symbol, kind: 'bars', tf, lastTs: last }] })
    return last
  }

  lastBarTs(venue: Venue, symbol: string, tf: string): UtcMs | undefined {
    const r = this._db
      .prepare('SELECT MAX(ts) AS ts FROM bars WHERE venue = ? AND symbol = ? AND tf = ?')
      .get(venue, symbol, tf) as { ts: number | null }
    return r.ts ?? undefined
  }

  recordGap(gap: Omit<StreamGap, 'id' | 'filled'>): number {
    return insertGap(this._db, gap)
  }

  markGapFilled(id: number): void {
    fillGap(this._db, id)
  }

  extendGap(id: number, to: UtcMs): void {
    extendGapEnd(this._db, id, to)
  }

  gaps(opts: { venue?: Venue; open?: boolean } = {}): StreamGap[] {
    return listGaps(this._db, {
      venues: opts.venue === undefined ? undefined : [opts.venue],
      open: opts.open,
    })
  }

  latestBook(venue: Venue, symbol: string): BookRow | undefined {
    const r = this._db
      .prepare(
        `SELECT ts, local_ts, bids, asks FROM book_snapshots WHERE venue = ? AND symbol = ?
         ORDER BY ts DESC LIMIT 1`,
      )
      .get(venue, symbol) as
      { ts: number; local_ts: number; bids: string; asks: string } | undefined
    if (r === undefined) return undefined
    return {
      venue,
      symbol,
      ts: r.ts,
      localTs: r.local_ts,
      bids: JSON.parse(r.bids) as [number, number][],
      asks: JSON.parse(r.asks) as [number, number][],
    }
  }

  heartbeat(venue: Venue): Heartbeat | undefined {
    const r = this._db
      .prepare('SELECT last_ts, last_local_ts FROM stream_heartbeats WHERE venue = ?')
      .get(venue) as { last_ts: number; last_local_ts: number } | undefined
    return r === undefined ? undefined : { venue, ts: r.last_ts, localTs: r.last_local_ts }
  }

  inventory(): {
    venue: string
    symbol: string
    tf: string
    bars: number
    from: UtcMs
    to: UtcMs
  }[] {
    return this._db
      .prepare(
        `SELECT venue, symbol, tf, COUNT(*) AS bars, MIN(ts) AS "from", MAX(ts) AS "to"
         FROM bars GROUP BY venue, symbol, tf ORDER BY symbol, venue, tf`,
      )
      .all() as {
      venue: string
      symbol: string
      tf: string
      bars: number
      from: UtcMs
      to: UtcMs
    }[]
  }

  loadMarket(opts: LoadMarketOptions): ImportedMarketData {
    return this._db.transaction(() => loadMarketFromDb(this._db, this.path, opts))()
  }

  loadTradeBars(
    venue: Venue,
    symbol: string,
    from?: UtcMs,
    to?: UtcMs,
  ): (TradeBarRow & { cvd: number })[] {
    const rows = readTradeBars(this._db, venue, symbol, {
      from: from ?? Number.MIN_SAFE_INTEGER,
      to: to ?? Number.MAX_SAFE_INTEGER,
    })
    let cvd = 0
    return rows.map((r) => {
      cvd += r.delta
      return { ...r, cvd }
    })
  }

  applyRetention(policy: RetentionPolicy, now: UtcMs): RetentionResult {
    return applyRetentionPolicy(this._db, policy, now, this._retention)
  }

  stats(): StoreStats {
    const rows: Record<string, number> = {}
    for (const t of TABLES) {
      const r = this._db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }
      rows[t] = r.n
    }
    return { rows, schemaVersion: schemaVersion(this._db) }
  }

  close(): void {
    if (this._db.open) this._db.close()
  }
}

function migrateCheckOnly(version: number, path: string): void {
  if (version === SCHEMA_VERSION) return
  const what = version > SCHEMA_VERSION ? 'newer than this liqheat understands' : 'older'
  throw new DataError(
    `${path}: database schema version ${version} is ${what} (this liqheat uses ${SCHEMA_VERSION}); ` +
      (version > SCHEMA_VERSION
        ? 'upgrade liqheat'
        : 'open it once with a writing command (e.g. liqheat import) to migrate'),
    path,
  )
}
