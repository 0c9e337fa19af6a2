/**
 * `liqheat backfill --exchange V --symbol S --days N [--db PATH]`: pulls bars, open interest and
 * funding history from a venue's public REST API into the database, resuming from checkpoints (an
 * interrupted run, or a later run, fetches only what is missing). Progress bar on stderr (rows,
 * rate, ETA); a summary per kind at the end. Ctrl-C stops cleanly; the next run resumes.
 * @module
 */
import type { Command } from 'commander'
import { ExchangeError, UsageError } from '../../core/errors.ts'
import { isoUtc } from '../../core/time.ts'
import { isVenue, VENUES, type Venue } from '../../core/types.ts'
import type { BackfillKind } from '../../exchanges/types.ts'
import { runBackfill, type BackfillResult, type BackfillSource } from '../../ingest/backfill.ts'
import { formatCount, formatDuration, ProgressBar } from '../../ingest/progress.ts'
import { canonicalTf } from '../../store/event-rows.ts'
import { openStore } from '../../store/open-store.ts'
import { DEFAULT_DB_PATH } from '../../store/store.ts'
import { parsePositiveInt } from '../options.ts'
import type { CommandIo } from './import.ts'

const DAY_MS = 86_400_000
const KINDS: readonly BackfillKind[] = ['bars', 'open_interest', 'funding']

export interface BackfillFlags {
  exchange?: string
  symbol?: string
  days?: string
  db?: string
  tf?: string
  kinds?: string
}

export interface BackfillDeps {
  readonly createSource: (venue: Venue) => BackfillSource
  readonly now?: () => number
  readonly signal?: AbortSignal
}

export function parseSymbol(value: string, flag: string): string {
  const s = value.trim().toUpperCase()
  if (!/^[A-Z0-9]{2,30}$/.test(s))
    throw new UsageError(`${flag}: '${value}' is not a symbol like BTCUSDT`, flag)
  return s
}

export function parseKinds(value: string, flag = '--kinds'): BackfillKind[] {
  const out: BackfillKind[] = []
  for (const p of value.split(',').map((x) => x.trim())) {
    if (!(KINDS as readonly string[]).includes(p))
      throw new UsageError(`${flag}: '${p}' is not one of ${KINDS.join(', ')}`, flag)
    if (!out.includes(p as BackfillKind)) out.push(p as BackfillKind)
  }
  return out
}

export function parseTimeframe(value: string, flag: string): string {
  try {
    return canonicalTf(value)
  } catch {
    throw new UsageError(`${flag}: '${value}' is not a timeframe like 1m, 5m, 1h`, flag)
  }
}

export async function runBackfillCommand(
  f: BackfillFlags,
  deps: BackfillDeps,
  io: CommandIo,
): Promise<BackfillResult[]> {
  const venue = (f.exchange ?? '').toLowerCase()
  if (!isVenue(venue))
    throw new UsageError(
      `--exchange: '${f.exchange ?? ''}' is not one of ${VENUES.join(', ')}`,
      '--exchange',
    )
  if (f.days === undefined)
    throw new UsageError('--days: how many days of history to fetch (e.g. --days 30)', '--days')
  const days = parsePositiveInt(f.days, '--days', 3650)
  const symbol = parseSymbol(f.symbol ?? 'BTCUSDT', '--symbol')
  const tf = parseTimeframe(f.tf ?? '1m', '--tf')
  const kinds = parseKinds(f.kinds ?? KINDS.join(','))
  const db = f.db ?? DEFAULT_DB_PATH
  const now = (deps.now ?? Date.now)()
  const from = now - days * DAY_MS
  const source = deps.createSource(venue)
  const store = openStore(db)
  const results: BackfillResult[] = []
  const started = Date.now()
  try {
    for (const kind of kinds) {
      const bar = new ProgressBar(io.err)
      const label = `${venue} ${symbol} ${kind === 'bars' ? `bars ${tf}` : kind.replace('_', ' ')}`
      try {
        let r: BackfillResult
        try {
          r = await runBackfill({
            source,
            store,
            symbol,
            kind,
            tf: kind === 'bars' ? tf : undefined,
            from,
            to: now,
            resume: true,
            signal: deps.signal,
            onProgress: (p) =>
              bar.update(label, p.rows, p.to > p.from ? (p.reached - p.from) / (p.to - p.from) : 1),
          })
        } catch (err) {
          if (!(err instanceof ExchangeError)) throw err
          bar.finish()
          io.out.write(`${label}: not available: ${err.message}\n`)
          continue
        }
        bar.finish()
        results.push(r)
        io.out.write(`${summaryLine(label, r, bar.elapsedMs)}\n`)
      } finally {
        bar.finish()
      }
      if (deps.signal?.aborted) break
    }
  } finally {
    store.close()
  }
  const rows = results.reduce((n, r) => n + r.rows, 0)
  const written = results.reduce((n, r) => n + r.written, 0)
  const ms = Date.now() - started
  io.out.write(
    `${deps.signal?.aborted ? 'interrupted (run again to resume from the checkpoints); ' : ''}` +
      `${formatCount(rows)} rows received, ${formatCount(written)} new or changed, in ${db}; ${formatDuration(ms)}\n`,
  )
  return results
}

function summaryLine(label: string, r: BackfillResult, ms: number): string {
  if (r.upToDate)
    return `${label}: up to date (checkpoint ${r.checkpoint === undefined ? 'none' : isoUtc(r.checkpoint)})`
  const span =
    r.rows > 0 ? `${isoUtc(r.startedAt)} → ${isoUtc(r.reached)}` : 'the venue returned no rows'
  const rate = ms > 0 ? ` (${formatCount((r.rows * 1000) / ms)} rows/s)` : ''
  const cp = r.checkpoint === undefined ? 'none' : isoUtc(r.checkpoint)
  return `${label}: ${formatCount(r.rows)} rows, ${formatCount(r.written)} new or changed, ${span}; checkpoint ${cp}; ${formatDuration(ms)}${rate}`
}

export function register(program: Command): void {
  program
    .command('backfill')
    .description(
      'fetch bars, open interest and funding history from a venue into the database (resumable)',
    )
    .option('--exchange <venue>', VENUES.join(' | '))
    .option('--symbol <symbol>', 'canonical symbol', 'BTCUSDT')
    .option('--days <n>', 'days of history to fetch, back from now')
    .option('--db <path>', `database file (created if missing) [default: ${DEFAULT_DB_PATH}]`)
    .option('--tf <tf>', 'bar timeframe', '1m')
    .option('--kinds <list>', `what to fetch: ${KINDS.join(',')}`, KINDS.join(','))
    .action(async (f: BackfillFlags) => {
      const { createAdapter } = await import('../../exchanges/registry.ts')
      const ac = new AbortController()
      const stop = (): void => ac.abort()
      process.once('SIGINT', stop)
      try {
        await runBackfillCommand(
          f,
          { createSource: (v) => createAdapter(v), signal: ac.signal },
          { out: process.stdout, err: process.stderr },
        )
      } finally {
        process.off('SIGINT', stop)
      }
    })
}
