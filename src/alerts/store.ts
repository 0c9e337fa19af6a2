/**
 * `AlertStore`: rules, per-rule evaluation state, the event history and the delivery outbox in
 * SQLite (better-sqlite3, WAL, `synchronous=NORMAL`). An evaluation's new state, its events and
 * their outbox rows are written in one transaction, so after a crash either all of them exist or
 * none; events are unique per (rule, key), so re-evaluating a bar adds nothing twice.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { DataError } from '../core/errors.ts'
import type { UtcMs } from '../core/types.ts'
import { DEFAULT_DB_PATH } from '../store/store.ts'
import type { RuleState } from './evaluate.ts'
import { parseRuleSpec } from './schema.ts'
import { migrateAlerts } from './store-schema.ts'
import { Outbox } from './outbox.ts'
import {
  lastEventId,
  readEvents,
  toEvent,
  type EventQuery,
  type EventRow,
  type EventWithDeliveries,
} from './history.ts'

export type { EventWithDeliveries } from './history.ts'
import type { AlertEvent, AlertRule, ChannelName, EventStatus, Firing, RuleSpec } from './types.ts'

export interface StoredState {
  readonly lastBarTs?: UtcMs
  readonly state: RuleState
  readonly lastFiredAt?: UtcMs
  readonly firedCount: number
}

export interface NewDelivery {
  readonly channel: ChannelName
  readonly destination: string
  readonly target: Readonly<Record<string, unknown>>
  readonly payload: string
  readonly idempotencyKey: string
}

export interface NewEvent extends Firing {
  readonly status: EventStatus
  /** Built once the event has its id (the payload names it). */
  readonly deliveries: (eventId: number) => NewDelivery[]
}

/** Where alerts live without `--db`: the liqheat database if it exists, else `./data/alerts.db` (never created implicitly: its existence switches other stores over). */
export const FALLBACK_ALERTS_DB = './data/alerts.db'

export function alertsDbPath(db?: string): string {
  return db ?? (existsSync(DEFAULT_DB_PATH) ? DEFAULT_DB_PATH : FALLBACK_ALERTS_DB)
}

function newRuleId(): string {
  return `r_${randomBytes(8).toString('hex')}`
}

function json(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'number' && !Number.isFinite(x) ? null : x,
  )
}

interface RuleRow {
  id: string
  spec: string
  enabled: number
  created_at: number
  updated_at: number
}

export class AlertStore {
  private readonly _db: Database.Database
  private _outbox: Outbox | undefined

  /** Opens (creating if needed) the alert tables in the SQLite file at `file` (or `:memory:`). */
  constructor(readonly file: string) {
    const memory = file === ':memory:'
    if (!memory) mkdirSync(dirname(resolve(file)), { recursive: true })
    try {
      this._db = new Database(file)
    } catch (err) {
      throw new DataError(`${file}: cannot open database: ${(err as Error).message}`, file)
    }
    try {
      this._db.pragma('busy_timeout = 5000')
      if (!memory) this._db.pragma('journal_mode = WAL')
      this._db.pragma('synchronous = NORMAL')
      migrateAlerts(this._db, file)
    } catch (err) {
      this._db.close()
      if (err instanceof DataError) throw err
      throw new DataError(`${file}: not a usable database: ${(err as Error).message}`, file)
    }
  }

  /** The delivery queue (same database). */
  get outbox(): Outbox {
    this._outbox ??= new Outbox(this._db)
    return this._outbox
  }

  get db(): Database.Database {
    return this._db
  }

  close(): void {
    if (this._db.open) this._db.close()
  }

  private _rule(r: RuleRow): AlertRule {
    let raw: unknown
    try {
      raw = JSON.parse(r.spec)
    } catch {
      throw new DataError(`${this.file}: alert rule ${r.id}: spec is not JSON`, this.file)
    }
    let spec: RuleSpec
    try {
      spec = parseRuleSpec(raw)
    } catch (err) {
      throw new DataError(
        `${this.file}: alert rule ${r.id}: ${(err as Error).message}`,
        this.file,
        undefined,
        'spec',
      )
    }
    return {
      ...spec,
      enabled: r.enabled === 1,
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  }

  listRules(symbol?: string): AlertRule[] {
    const rows = (
      symbol === undefined
        ? this._db.prepare('SELECT * FROM alert_rules ORDER BY created_at, id').all()
        : this._db
            .prepare('SELECT * FROM alert_rules WHERE symbol = ? ORDER BY created_at, id')
            .all(symbol)
    ) as RuleRow[]
    return rows.map((r) => this._rule(r))
  }

  getRule(id: string): AlertRule | undefined {
    const r = this._db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as
      RuleRow | undefined
    return r ? this._rule(r) : undefined
  }

  createRule(spec: RuleSpec, now: UtcMs = Date.now()): AlertRule {
    const id = newRuleId()
    this._db
      .prepare(
        'INSERT INTO alert_rules (id, symbol, kind, spec, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, spec.symbol, spec.kind, json(spec), spec.enabled ? 1 : 0, now, now)
    return { ...spec, id, createdAt: now, updatedAt: now }
  }

  /** Replaces a rule's definition; its evaluation state starts over. Undefined if unknown. */
  replaceRule(id: string, spec: RuleSpec, now: UtcMs = Date.now()): AlertRule | undefined {
    const old = this.getRule(id)
    if (!old) return undefined
    this._db.transaction(() => {
      this._db
        .prepare(
          'UPDATE alert_rules SET symbol = ?, kind = ?, spec = ?, enabled = ?, updated_at = ? WHERE id = ?',
        )
        .run(spec.symbol, spec.kind, json(spec), spec.enabled ? 1 : 0, now, id)
      this._db.prepare('DELETE FROM alert_rule_state WHERE rule_id = ?').run(id)
    })()
    return { ...spec, id, createdAt: old.createdAt, updatedAt: now }
  }

  setEnabled(id: string, enabled: boolean, now: UtcMs = Date.now()): AlertRule | undefined {
    const old = this.getRule(id)
    if (!old) return undefined
    const spec = { ...old, enabled }
    this._db
      .prepare('UPDATE alert_rules SET enabled = ?, spec = ?, updated_at = ? WHERE id = ?')
      .run(enabled ? 1 : 0, json(stripMeta(spec)), now, id)
    return { ...spec, updatedAt: now }
  }

  /** Deletes the rule and its state; its events and queued deliveries stay. */
  deleteRule(id: string): boolean {
    return this._db.transaction(() => {
      this._db.prepare('DELETE FROM alert_rule_state WHERE rule_id = ?').run(id)
      return this._db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0
    })()
  }

  ruleState(id: string): StoredState {
    const r = this._db.prepare('SELECT * FROM alert_rule_state WHERE rule_id = ?').get(id) as
      | {
          last_bar_ts: number | null
          state: string
          last_fired_at: number | null
          fired_count: number
        }
      | undefined
    if (!r) return { state: {}, firedCount: 0 }
    return {
      ...(r.last_bar_ts !== null ? { lastBarTs: r.last_bar_ts } : {}),
      state: JSON.parse(r.state) as RuleState,
      ...(r.last_fired_at !== null ? { lastFiredAt: r.last_fired_at } : {}),
      firedCount: r.fired_count,
    }
  }

  /**
   * One transaction: the rule's new state, its events (ignored when the rule already has the key)
   * and their deliveries, and (for `once` rules that fired) disabling the rule. Returns the events
   * that are new.
   */
  commitEvaluation(
    ruleId: string,
    next: StoredState,
    events: readonly NewEvent[],
    opts: { disable?: boolean; now?: UtcMs } = {},
  ): AlertEvent[] {
    const now = opts.now ?? Date.now()
    const upsert = this._db.prepare(
      `INSERT INTO alert_rule_state (rule_id, last_bar_ts, state, last_fired_at, fired_count)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(rule_id) DO UPDATE SET last_bar_ts = excluded.last_bar_ts, state = excluded.state,
         last_fired_at = excluded.last_fired_at, fired_count = excluded.fired_count`,
    )
    const insertEvent = this._db.prepare(
      `INSERT OR IGNORE INTO alert_events
       (rule_id, key, symbol, kind, at, price, message, cluster, detail, status, created_at)
       VALUES (?, ?, (SELECT symbol FROM alert_rules WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const insertDelivery = this._db.prepare(
      `INSERT OR IGNORE INTO alert_outbox
       (event_id, channel, destination, target, payload, idem_key, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    )
    return this._db
      .transaction(() => {
        upsert.run(
          ruleId,
          next.lastBarTs ?? null,
          json(next.state),
          next.lastFiredAt ?? null,
          next.firedCount,
        )
        const out: AlertEvent[] = []
        for (const e of events) {
          const r = insertEvent.run(
            ruleId,
            e.key,
            ruleId,
            e.kind,
            e.at,
            e.price,
            e.message,
            e.cluster ? json(e.cluster) : null,
            json(e.detail),
            e.status,
            now,
          )
          if (r.changes === 0) continue
          const id = Number(r.lastInsertRowid)
          if (e.status === 'fired')
            for (const d of e.deliveries(id))
              insertDelivery.run(
                id,
                d.channel,
                d.destination,
                json(d.target),
                d.payload,
                d.idempotencyKey,
                now,
                now,
              )
          const row = this._db
            .prepare('SELECT * FROM alert_events WHERE id = ?')
            .get(id) as EventRow
          out.push(toEvent(row))
        }
        if (opts.disable)
          this._db
            .prepare('UPDATE alert_rules SET enabled = 0, updated_at = ? WHERE id = ?')
            .run(now, ruleId)
        return out
      })
      .immediate()
  }

  /** The history, newest first (or, with `since`, the events after that id, oldest first). */
  events(opts: EventQuery = {}): EventWithDeliveries[] {
    return readEvents(this._db, opts)
  }

  lastEventId(): number {
    return lastEventId(this._db)
  }
}

/** A rule's definition without the stored metadata. */
export function stripMeta(rule: AlertRule): RuleSpec {
  const { id: _id, createdAt: _c, updatedAt: _u, ...spec } = rule
  return spec as RuleSpec
}
