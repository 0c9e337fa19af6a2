import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { runChild } from '/work/main/test/ingest/spawn-child.ts'
import { liquidationsIn, fundingAt } from '/work/main/test/ingest/fake-venue.ts'
const file = '/tmp/dbg/c.db'
rmSync(file, { force: true }); rmSync(file + '-wal', { force: true }); rmSync(file + '-shm', { force: true })
const SIM0 = Date.UTC(2026, 2, 1), SPEED = 20000, LOOKBACK = 6 * 3600000, MIN = 60000
const env = { DB: file, SIM0: String(SIM0), REAL0: String(Date.now()), SPEED: String(SPEED), END: String(SIM0 + 9000 * SPEED), LOOKBACK_MS: String(LOOKBACK) }
const iso = (t: number) => new Date(t).toISOString()
let firstStream: number | undefined
for (const d of [1300, 1800, 1500]) {
  const r = await runChild('/work/main/test/ingest/crash-child-collector.ts', env, { afterLine: 'stream', afterMs: d - 1000 })
  console.log('run', r.signal, r.lines.map(l => l.replace(/\d{13}/g, (m) => iso(Number(m)))).join(' | '), r.stderr.slice(0, 500))
  const s = r.lines.find((l) => l.startsWith('stream ')); if (s && !firstStream) firstStream = Number(s.slice(7))
}
const r = await runChild('/work/main/test/ingest/crash-child-collector.ts', env)
console.log('final', r.lines.map(l => l.replace(/\d{13}/g, (m) => iso(Number(m)))).join(' | '), r.stderr.slice(0, 500))
const db = new Database(file)
const gaps = db.prepare('SELECT * FROM stream_gaps').all() as any[]
for (const g of gaps) console.log('gap', g.id, iso(g.from_ts), iso(g.to_ts), g.reason, g.filled)
console.log(db.prepare('SELECT * FROM backfill_progress').all().map((x: any) => [x.kind, x.tf, iso(x.last_ts)]))
console.log('funding', (db.prepare('SELECT ts FROM funding ORDER BY ts').all() as any[]).map(x => iso(x.ts)))
const cp = (db.prepare("SELECT last_ts FROM backfill_progress WHERE kind='bars'").get() as any).last_ts
const gen = liquidationsIn('okx', 'BTCUSDT', firstStream!, cp + MIN)
const have = new Set((db.prepare('SELECT ts FROM liquidations').all() as any[]).map(x => x.ts))
for (const l of gen) if (!have.has(l.ts) && !gaps.some(g => l.ts >= g.from_ts && l.ts <= g.to_ts)) console.log('missing liq', iso(l.ts))
console.log('hb', db.prepare('SELECT * FROM stream_heartbeats').all())
