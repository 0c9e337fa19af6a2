/**
 * The alert tables, kept in the same SQLite file as the market store (WAL) but versioned on their
 * own (`alert_migrations`), so the market store's schema version is untouched. Each migration runs
 * once, in a transaction; a database with a newer alert schema is refused.
 * @module
 */
import type Database from 'better-sqlite3'
import { DataError } from '../core/errors.ts'

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE IF NOT EXISTS alert_rules (
  id TEXT PRIMARY KEY, symbol TEXT NOT NULL, kind TEXT NOT NULL, spec TEXT NOT NULL,
  enabled INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_rule_state (
  rule_id TEXT PRIMARY KEY, last_bar_ts INTEGER, state TEXT NOT NULL,
  last_fired_at INTEGER, fired_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS alert_events (
  id INTEGER PRIMARY KEY, rule_id TEXT NOT NULL, key TEXT NOT NULL, symbol TEXT NOT NULL,
  kind TEXT NOT NULL, at INTEGER NOT NULL, price REAL NOT NULL, message TEXT NOT NULL,
  cluster TEXT, detail TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
  UNIQUE (rule_id, key)
);
CREATE TABLE IF NOT EXISTS alert_outbox (
  id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, channel TEXT NOT NULL,
  destination TEXT NOT NULL, target TEXT NOT NULL, payload TEXT NOT NULL,
  idem_key TEXT NOT NULL UNIQUE, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL, last_error TEXT, delivered_at INTEGER, created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_outbox_pending ON alert_outbox (status, destination, id);
CREATE INDEX IF NOT EXISTS alert_outbox_event ON alert_outbox (event_id);
`,
  },
]

export const ALERT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

export function migrateAlerts(db: Database.Database, file: string): void {
  // One immediate transaction: two processes opening the file at once apply each migration once.
  db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS alert_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    )
    const row = db.prepare('SELECT MAX(version) AS v FROM alert_migrations').get() as {
      v: number | null
    }
    const current = row.v ?? 0
    if (current > ALERT_SCHEMA_VERSION)
      throw new DataError(
        `${file}: alert schema version ${current} is newer than this liqheat understands (${ALERT_SCHEMA_VERSION}); upgrade liqheat`,
        file,
      )
    const record = db.prepare('INSERT INTO alert_migrations (version, applied_at) VALUES (?, ?)')
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue
      db.exec(m.sql)
      record.run(m.version, Date.now())
    }
  }).immediate()
}
