/**
 * Checks what ended up in a store against the fake venue's generator: no gap in the 1m bars, open
 * interest and funding over a span; no duplicate; nothing invented (every stored row equals the
 * generated one); every liquidation outside recorded stream gaps present. Returns the problems
 * found (empty = all good), so a failing test says exactly what is wrong.
 * @module
 */
import Database from 'better-sqlite3'
import type { UtcMs, Venue } from '../../src/core/types.ts'
import { MIN, barAt, fundingAt, liquidationsIn, oiAt } from './fake-venue.ts'

export interface VerifySpan {
  readonly venue: Venue
  readonly symbol: string
  /** Inclusive start, on the minute. */
  readonly from: UtcMs
  /** Exclusive end, on the minute. */
  readonly to: UtcMs
  /** Check open interest and funding too (default true). */
  readonly derivatives?: boolean
  /** Liquidations are checked for completeness from here (when streaming began; default `from`). */
  readonly liquidationsFrom?: UtcMs
  /**
   * …up to here (exclusive; default: the venue's stored heartbeat, the newest committed stream
   * event: what the stream had not delivered when the run stopped is the next run's gap).
   */
  readonly liquidationsTo?: UtcMs
}

const iso = (ts: number): string => new Date(ts).toISOString()
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a))

export function verifyStore(file: string, s: VerifySpan): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return check(db, s)
  } finally {
    db.close()
  }
}

function check(db: Database.Database, s: VerifySpan): string[] {
  const problems: string[] = []
  const integrity = db.pragma('integrity_check', { simple: true })
  if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`)

  const bars = db
    .prepare(
      `SELECT ts, open, high, low, close, volume FROM bars
       WHERE venue = ? AND symbol = ? AND tf = '1m' AND closed = 1 AND ts >= ? AND ts < ? ORDER BY ts`,
    )
    .all(s.venue, s.symbol, s.from, s.to) as {
    ts: number
    open: number
    high: number
    low: number
    close: number
    volume: number
  }[]
  const expectedBars = (s.to - s.from) / MIN
  if (bars.length !== expectedBars)
    problems.push(`bars: ${bars.length} stored, ${expectedBars} expected`)
  let prev = s.from - MIN
  for (const b of bars) {
    if (b.ts !== prev + MIN) problems.push(`bars: gap before ${new Date(b.ts).toISOString()}`)
    prev = b.ts
    const g = barAt(s.venue, s.symbol, b.ts)
    if (
      b.open !== g.open ||
      b.high !== g.high ||
      b.low !== g.low ||
      b.close !== g.close ||
      b.volume !== g.volume
    )
      problems.push(`bars: ${new Date(b.ts).toISOString()} differs from the venue's bar`)
    if (problems.length > 20) return problems
  }

  const gaps = db
    .prepare(
      'SELECT from_ts AS "from", to_ts AS "to", reason FROM stream_gaps WHERE venue = ? ORDER BY from_ts',
    )
    .all(s.venue) as {
    reason: string
    from: number
    to: number
  }[]
  const inGap = (ts: number): boolean => gaps.some((g) => ts >= g.from && ts <= g.to)
  const liqs = db
    .prepare(
      'SELECT ts, side, price, qty, usd FROM liquidations WHERE venue = ? AND symbol = ? AND ts >= ? AND ts < ?',
    )
    .all(s.venue, s.symbol, s.from, s.to) as {
    ts: number
    side: string
    price: number
    qty: number
    usd: number
  }[]
  const generated = new Map(
    liquidationsIn(s.venue, s.symbol, s.from, s.to).map((l) => [
      `${l.ts}|${l.side}|${l.price}|${l.qty}`,
      l,
    ]),
  )
  const seen = new Set<string>()
  for (const l of liqs) {
    const key = `${l.ts}|${l.side}|${l.price}|${l.qty}`
    if (seen.has(key)) problems.push(`liquidations: duplicate ${key}`)
    seen.add(key)
    const g = generated.get(key)
    if (g === undefined || !close(g.usd, l.usd)) problems.push(`liquidations: invented ${key}`)
  }
  const liqFrom = s.liquidationsFrom ?? s.from
  const hb = db.prepare('SELECT last_ts FROM stream_heartbeats WHERE venue = ?').get(s.venue) as
    { last_ts: number } | undefined
  const liqTo = s.liquidationsTo ?? (hb === undefined ? s.from : hb.last_ts + 1)
  const lost: string[] = []
  for (const [key, g] of generated) {
    if (!seen.has(key) && g.ts >= liqFrom && g.ts < liqTo && !inGap(g.ts)) lost.push(iso(g.ts))
  }
  if (lost.length > 0) {
    const spans = gaps.map((g) => `${iso(g.from)}→${iso(g.to)} ${g.reason}`).join('; ')
    problems.push(
      `liquidations: ${lost.length} missing outside every recorded gap: ${lost.slice(0, 5).join(', ')} (checked from ${iso(liqFrom)}; gaps: ${spans})`,
    )
  }

  if (s.derivatives ?? true) {
    const oi = db
      .prepare(
        'SELECT ts, oi FROM open_interest WHERE venue = ? AND symbol = ? AND ts >= ? AND ts < ? ORDER BY ts',
      )
      .all(s.venue, s.symbol, s.from, s.to) as { ts: number; oi: number }[]
    const wantOi = Math.ceil(s.to / (5 * MIN)) - Math.ceil(s.from / (5 * MIN))
    if (oi.length !== wantOi) {
      const have = new Set(oi.map((x) => x.ts))
      const miss: string[] = []
      for (
        let t = Math.ceil(s.from / (5 * MIN)) * 5 * MIN;
        t < s.to && miss.length < 5;
        t += 5 * MIN
      )
        if (!have.has(t)) miss.push(iso(t))
      problems.push(
        `open interest: ${oi.length} stored, ${wantOi} expected; missing ${miss.join(', ')}`,
      )
    }
    for (const p of oi)
      if (p.oi !== oiAt(s.venue, s.symbol, p.ts).oi)
        problems.push(`open interest: invented at ${p.ts}`)
    const f = db
      .prepare(
        'SELECT ts, rate FROM funding WHERE venue = ? AND symbol = ? AND ts >= ? AND ts < ? ORDER BY ts',
      )
      .all(s.venue, s.symbol, s.from, s.to) as { ts: number; rate: number }[]
    const step = 8 * 3_600_000
    const wantF = Math.ceil(s.to / step) - Math.ceil(s.from / step)
    if (f.length !== wantF)
      problems.push(
        `funding: ${f.length} stored, ${wantF} expected: ${f.map((x) => iso(x.ts)).join(', ')}`,
      )
    for (const p of f)
      if (p.rate !== fundingAt(s.venue, s.symbol, p.ts).rate)
        problems.push(`funding: invented at ${p.ts}`)
  }
  return problems
}
