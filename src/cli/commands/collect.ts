/**
 * `liqheat collect [--exchanges …] [--symbols …] [--db PATH]`: the single embedded process —
 * adapters → in-process bus → StoreWriter → SQLite. Backfills the lookback (resuming from
 * checkpoints), then streams; every outage is recorded and backfilled by REST. Prints one status
 * line per stream (connected, last message age, rows stored) every `--status-every`; runs until
 * Ctrl-C (or `--duration`), then flushes and prints a summary.
 * @module
 */
import type { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { timeframeToMs } from '../../core/time.ts'
import { VENUES, type Venue } from '../../core/types.ts'
import { CHANNELS, type Channel } from '../../exchanges/types.ts'
import { InProcessBus } from '../../ingest/bus.ts'
import { Collector, sleep, type CollectorSource } from '../../ingest/collector.ts'
import { formatCount } from '../../ingest/progress.ts'
import { streamLine, venueLine } from '../../ingest/status.ts'
import { StoreWriter, streamKey } from '../../ingest/store-writer.ts'
import { openStore } from '../../store/open-store.ts'
import { retainPeriodically } from '../../store/retention-timer.ts'
import { DEFAULT_DB_PATH, DEFAULT_OI_FULL_RES_MS, type RetentionPolicy } from '../../store/store.ts'
import { parsePositiveNumber, parseVenues } from '../options.ts'
import { parseSymbol, parseTimeframe } from './backfill.ts'
import type { CommandIo } from './import.ts'

export interface CollectFlags {
  exchanges?: string
  symbols?: string
  db?: string
  lookback?: string
  tf?: string
  channels?: string
  statusEvery?: string
  duration?: string
  retain1mDays?: string
  retainBookHours?: string
  retainOiDays?: string
  oiFullResHours?: string
}

export interface CollectDeps {
  readonly createSource: (venue: Venue) => CollectorSource
  readonly now?: () => number
  readonly signal: AbortSignal
}

export function parseDuration(value: string, flag: string): number {
  const ms = timeframeToMs(value)
  if (ms === undefined)
    throw new UsageError(`${flag}: '${value}' is not a duration like 30s, 10m, 12h, 7d`, flag)
  return ms
}

function parseChannels(value: string): Channel[] {
  const out: Channel[] = []
  for (const p of value.split(',').map((x) => x.trim())) {
    if (!(CHANNELS as readonly string[]).includes(p))
      throw new UsageError(`--channels: '${p}' is not one of ${CHANNELS.join(', ')}`, '--channels')
    if (!out.includes(p as Channel)) out.push(p as Channel)
  }
  return out
}

export async function runCollect(f: CollectFlags, deps: CollectDeps, io: CommandIo): Promise<void> {
  const venues = parseVenues(f.exchanges ?? VENUES.join(','), '--exchanges')
  const symbols = (f.symbols ?? 'BTCUSDT').split(',').map((s) => parseSymbol(s, '--symbols'))
  const lookbackMs = parseDuration(f.lookback ?? '1d', '--lookback')
  const tf = parseTimeframe(f.tf ?? '1m', '--tf')
  const channels = f.channels === undefined ? undefined : parseChannels(f.channels)
  const everyMs = parseDuration(f.statusEvery ?? '10s', '--status-every')
  const durationMs = f.duration === undefined ? undefined : parseDuration(f.duration, '--duration')
  const retention = retentionPolicy(f)
  const db = f.db ?? DEFAULT_DB_PATH
  const now = deps.now ?? Date.now
  const store = openStore(db)
  const bus = new InProcessBus()
  const writer = new StoreWriter(store, {
    onError: (err) => io.err.write(`store write failed (will retry): ${(err as Error).message}\n`),
  })
  writer.attach(bus)
  const sources = venues.map((v) => deps.createSource(v))
  const collector = new Collector({
    sources,
    store,
    bus,
    writer,
    symbols,
    channels,
    lookbackMs,
    tf,
    now,
    log: (line) => io.err.write(`${line}\n`),
  })
  const ac = new AbortController()
  const stop = (): void => ac.abort()
  deps.signal.addEventListener('abort', stop, { once: true })
  io.err.write(
    `collecting ${symbols.join(', ')} from ${venues.join(', ')} into ${db} (Ctrl-C to stop)\n`,
  )
  const run = collector.run(ac.signal)
  const started = Date.now()
  let drawn = 0
  const draw = (): void => {
    const lines: string[] = []
    const rows = writer.stats.rowsByStream
    for (const s of sources) {
      const st = collector.states.get(s.venue)
      if (st) lines.push(venueLine(st))
      for (const x of s.status())
        lines.push(
          `  ${streamLine(x, rows.get(streamKey(x.venue, ...splitStream(x.stream))) ?? 0, now())}`,
        )
    }
    if (io.err.isTTY === true && drawn > 0) io.err.write(`\x1b[${drawn}A\x1b[J`)
    io.err.write(`${lines.join('\n')}\n`)
    drawn = io.err.isTTY === true ? lines.length : 0
  }
  let nextDraw = started + everyMs
  // One transaction a pass, at start and then hourly; a failure (say another process holding the
  // lock) rolls it back and is retried an hour later instead of stopping the collection.
  const stopRetention = retainPeriodically(store, retention, (line) => io.err.write(`${line}\n`), {
    firstAfterMs: 0,
    now,
  })
  try {
    while (!ac.signal.aborted) {
      await sleep(Math.min(everyMs, 250), ac.signal)
      if (durationMs !== undefined && Date.now() - started >= durationMs) ac.abort()
      if (Date.now() >= nextDraw) {
        draw()
        nextDraw += everyMs
      }
    }
  } finally {
    stopRetention()
    ac.abort()
    await run
    writer.close()
    draw()
    const s = writer.stats
    io.out.write(
      `stopped: ${formatCount(s.written)} rows written, ${formatCount(s.duplicates)} duplicates dropped, ` +
        `${s.transactions} transactions, into ${db}\n`,
    )
    for (const st of collector.states.values()) io.out.write(`${venueLine(st)}\n`)
    store.close()
    deps.signal.removeEventListener('abort', stop)
  }
}

/**
 * The policy applied hourly: books after `--retain-book-hours` (24), 1m bars after
 * `--retain-1m-days` (forever), open interest after `--retain-oi-days` (default: as long as the 1m
 * bars, since the model needs a sample for every bar it replays) and thinned to about one sample
 * a minute after `--oi-full-res-hours` (6).
 */
export function retentionPolicy(f: CollectFlags): RetentionPolicy {
  const day = 86_400_000
  const hour = 3_600_000
  const barDays =
    f.retain1mDays === undefined
      ? undefined
      : parsePositiveNumber(f.retain1mDays, '--retain-1m-days')
  const oiDays =
    f.retainOiDays === undefined ? barDays : parsePositiveNumber(f.retainOiDays, '--retain-oi-days')
  const fullResMs =
    f.oiFullResHours === undefined
      ? DEFAULT_OI_FULL_RES_MS
      : parsePositiveNumber(f.oiFullResHours, '--oi-full-res-hours') * hour
  return {
    ...(barDays !== undefined ? { barsMs: { '1m': barDays * day } } : {}),
    booksMs: parsePositiveNumber(f.retainBookHours ?? '24', '--retain-book-hours') * hour,
    ...(oiDays !== undefined ? { openInterestMs: oiDays * day } : {}),
    openInterestThinMs: fullResMs,
  }
}

/** `trades:BTCUSDT` → ['trades', 'BTCUSDT']. */
function splitStream(stream: string): [Channel, string] {
  const i = stream.indexOf(':')
  return [stream.slice(0, i) as Channel, stream.slice(i + 1)]
}

export function register(program: Command): void {
  program
    .command('collect')
    .description(
      'backfill the lookback, then stream live data into the database (runs until Ctrl-C)',
    )
    .option('--exchanges <list>', `venues: ${VENUES.join(',')}`, VENUES.join(','))
    .option('--symbols <list>', 'canonical symbols', 'BTCUSDT')
    .option('--db <path>', `database file (created if missing) [default: ${DEFAULT_DB_PATH}]`)
    .option(
      '--lookback <duration>',
      'history to backfill on the first run (later runs resume)',
      '1d',
    )
    .option('--tf <tf>', 'bar timeframe to backfill and watch for gaps', '1m')
    .option(
      '--channels <list>',
      `live channels: ${CHANNELS.join(',')} [default: all the venue has]`,
    )
    .option('--status-every <duration>', 'status line interval', '10s')
    .option('--duration <duration>', 'stop after this long (default: run until Ctrl-C)')
    .option('--retain-1m-days <n>', 'delete 1m bars older than this many days (checked hourly)')
    .option(
      '--retain-book-hours <n>',
      'delete order-book snapshots (one a minute) older than this',
      '24',
    )
    .option(
      '--retain-oi-days <n>',
      'delete open-interest samples older than this [default: --retain-1m-days, else keep]',
    )
    .option(
      '--oi-full-res-hours <n>',
      'thin open interest older than this to about one sample a minute (lossless at 1m+ bars)',
      String(DEFAULT_OI_FULL_RES_MS / 3_600_000),
    )
    .action(async (f: CollectFlags) => {
      const { createAdapter } = await import('../../exchanges/registry.ts')
      const ac = new AbortController()
      const stop = (): void => ac.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      try {
        await runCollect(
          f,
          { createSource: (v) => createAdapter(v), signal: ac.signal },
          { out: process.stdout, err: process.stderr },
        )
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
    })
}
