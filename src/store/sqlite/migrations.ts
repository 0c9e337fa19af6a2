/**
 * Versioned schema migrations. Each migration runs once, in its own transaction, and is recorded in
 * `schema_migrations`; a database written by a newer liqheat (higher version) is refused rather than
 * guessed at. Add a migration by appending to `MIGRATIONS`; never edit one that has shipped.
 * @module
 */
import type Database from 'better-sqlite3'
import { DataError } from '../../core/errors.ts'

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE bars (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, tf TEXT NOT NULL, ts INTEGER NOT NULL,
  open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL,
  volume REAL, quote_volume REAL, taker_buy_volume REAL, taker_buy_quote_volume REAL,
  closed INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol, tf, ts)
) WITHOUT ROWID;

CREATE TABLE open_interest (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL,
  oi REAL NOT NULL, oi_usd REAL,
  PRIMARY KEY (venue, symbol, ts)
) WITHOUT ROWID;

CREATE TABLE funding (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL,
  rate REAL NOT NULL, interval_hours REAL NOT NULL,
  PRIMARY KEY (venue, symbol, ts)
) WITHOUT ROWID;

CREATE TABLE liquidations (
  id INTEGER PRIMARY KEY,
  venue TEXT NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('long', 'short')),
  price REAL NOT NULL, qty REAL NOT NULL, usd REAL NOT NULL,
  price_kind TEXT, coverage TEXT, local_ts INTEGER
);
-- The natural key, ordered so it also serves reads by symbol and time.
CREATE UNIQUE INDEX liquidations_natural_key ON liquidations (symbol, ts, venue, side, price, qty);

CREATE TABLE liquidation_bars (
  symbol TEXT NOT NULL, venues TEXT NOT NULL, interval_s INTEGER NOT NULL, ts INTEGER NOT NULL,
  long_usd REAL NOT NULL, short_usd REAL NOT NULL,
  PRIMARY KEY (symbol, venues, interval_s, ts)
) WITHOUT ROWID;

CREATE TABLE trade_bars (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL,
  open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL,
  volume REAL NOT NULL, quote_volume REAL NOT NULL,
  taker_buy_volume REAL NOT NULL, taker_buy_quote_volume REAL NOT NULL,
  delta REAL NOT NULL, trades INTEGER NOT NULL, complete INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol, ts)
) WITHOUT ROWID;

CREATE TABLE book_snapshots (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, ts INTEGER NOT NULL, local_ts INTEGER NOT NULL,
  bids TEXT NOT NULL, asks TEXT NOT NULL,
  PRIMARY KEY (venue, symbol, ts)
) WITHOUT ROWID;

CREATE TABLE backfill_progress (
  venue TEXT NOT NULL, symbol TEXT NOT NULL, kind TEXT NOT NULL, tf TEXT NOT NULL,
  first_ts INTEGER NOT NULL, last_ts INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol, kind, tf)
) WITHOUT ROWID;

CREATE TABLE stream_gaps (
  id INTEGER PRIMARY KEY,
  venue TEXT NOT NULL, symbol TEXT, from_ts INTEGER NOT NULL, to_ts INTEGER NOT NULL,
  reason TEXT NOT NULL, filled INTEGER NOT NULL DEFAULT 0, filled_at INTEGER
);
CREATE INDEX stream_gaps_venue ON stream_gaps (venue, from_ts);

CREATE TABLE stream_heartbeats (
  venue TEXT PRIMARY KEY, last_ts INTEGER NOT NULL, last_local_ts INTEGER NOT NULL
) WITHOUT ROWID;
`,
  },
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Current schema version of an open database (0 when it has none). */
export function schemaVersion(db: Database.Database): number {
  const table = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get()
  if (table === undefined) return 0
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null
  }
  return row.v ?? 0
}

/** Applies the migrations the database lacks; returns the versions applied. */
export function migrate(
  db: Database.Database,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`)
  const current = schemaVersion(db)
  const latest = migrations.length > 0 ? migrations[migrations.length - 1].version : 0
  if (current > latest)
    throw new DataError(
      `${file}: database schema version ${current} is newer than this liqheat understands (${latest}); upgrade liqheat`,
      file,
    )
  const applied: number[] = []
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  )
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, Date.now())
    })()
    applied.push(m.version)
  }
  return applied
}
