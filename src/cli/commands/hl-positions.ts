/**
 * `liqheat hl-positions [--minutes N] [--out map.json] [--ws-url URL] [--rest-url URL]`: runs the
 * Hyperliquid position collector (addresses from the trades stream, clearinghouseState polls
 * within the weight budget) for N minutes, printing a one-line status every few seconds, then
 * writes the exact liquidation map (labelled exact, with its coverage), the measured leverage
 * distribution and, when enough positions were seen, the calibrated leverage prior, as JSON.
 * @module
 */
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Command } from 'commander'
import { AppError, NetworkError, UsageError } from '../../core/errors.ts'
import { HYPERLIQUID_WS } from '../../exchanges/hyperliquid/feed.ts'
import {
  HlPositionsCollector,
  type HlPositionsStatus,
} from '../../exchanges/hyperliquid/positions/collector.ts'
import { HYPERLIQUID_REST } from '../../exchanges/hyperliquid/positions/info-client.ts'
import { formatCount, formatDuration } from '../../ingest/progress.ts'
import { DEFAULT_PARAMS } from '../../model/params.ts'
import { parseLeverages, parsePositiveInt, parsePositiveNumber } from '../options.ts'
import type { CommandIo } from './import.ts'

export interface HlPositionsFlags {
  minutes?: string
  out?: string
  wsUrl?: string
  restUrl?: string
  coin?: string
  budgetShare?: string
  maxAddresses?: string
  statusEvery?: string
  bins?: string
  rangePct?: string
  ladder?: string
  minPositions?: string
}

function parseUrl(value: string, flag: string, protocols: readonly string[]): string {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    throw new UsageError(`${flag}: '${value}' is not a URL`, flag)
  }
  if (!protocols.includes(u.protocol))
    throw new UsageError(`${flag}: '${value}' must start with ${protocols.join(' or ')}//`, flag)
  return value
}

function parseOut(value: string): string {
  const path = resolve(value)
  const dir = dirname(path)
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--out: directory ${dir} does not exist`, '--out')
  if (existsSync(path) && statSync(path).isDirectory())
    throw new UsageError(`--out: ${path} is a directory`, '--out')
  return path
}

const pct = (x: number | undefined): string => (x === undefined ? '?' : `${(x * 100).toFixed(1)} %`)

/** The one-line status. */
export function statusLine(s: HlPositionsStatus, elapsedMs: number): string {
  const a = s.addresses
  const r = s.requests
  return [
    `hl-positions ${s.coin} ${formatDuration(elapsedMs)}`,
    `addresses ${formatCount(a.known)} (+${s.discoveredLastMinute}/min, ${formatCount(a.known - a.neverPolled)} polled)`,
    `holding ${formatCount(s.positions)}`,
    `coverage ${pct(s.coverage)}`,
    `oldest ${s.positions > 0 ? formatDuration(s.oldestAgeMs) : '-'}`,
    `polls ${r.callsLastMinute}/min (weight ${r.weightLastMinute}/${Math.round(s.weightPerMinute)})`,
    `429s ${r.rateLimited}`,
    `trades ${s.stream?.state ?? '?'}`,
    ...(s.closedForMs > 0 ? [`backing off ${formatDuration(s.closedForMs)}`] : []),
    ...(r.lastError !== undefined && r.networkErrors + r.badAnswers > 0
      ? [`last error: ${r.lastError.slice(0, 80)}`]
      : []),
  ].join('  ')
}

export async function runHlPositions(
  f: HlPositionsFlags,
  signal: AbortSignal,
  io: CommandIo,
): Promise<void> {
  const minutes = parsePositiveNumber(f.minutes ?? '10', '--minutes')
  const out = f.out === undefined ? undefined : parseOut(f.out)
  const wsUrl = parseUrl(f.wsUrl ?? HYPERLIQUID_WS, '--ws-url', ['ws:', 'wss:'])
  const restUrl = parseUrl(f.restUrl ?? HYPERLIQUID_REST, '--rest-url', ['http:', 'https:'])
  const coin = f.coin ?? 'BTC'
  if (!/^[A-Za-z0-9:]+$/.test(coin))
    throw new UsageError(`--coin: '${coin}' is not a Hyperliquid coin name`, '--coin')
  const share = parsePositiveNumber(f.budgetShare ?? '0.8', '--budget-share')
  if (share > 1) throw new UsageError(`--budget-share: ${share} is above 1`, '--budget-share')
  const maxAddresses = parsePositiveInt(f.maxAddresses ?? '20000', '--max-addresses')
  const everyMs = parsePositiveNumber(f.statusEvery ?? '5', '--status-every') * 1000
  const bins = parsePositiveInt(f.bins ?? '200', '--bins', 100_000)
  const rangePct = parsePositiveNumber(f.rangePct ?? '15', '--range-pct')
  if (rangePct >= 100)
    throw new UsageError(`--range-pct: ${rangePct} must be below 100`, '--range-pct')
  const ladder =
    f.ladder === undefined ? [...DEFAULT_PARAMS.leverages] : parseLeverages(f.ladder, '--ladder')
  const minPositions = parsePositiveInt(f.minPositions ?? '50', '--min-positions')

  const c = new HlPositionsCollector({ restUrl, wsUrl, coin, budgetShare: share, maxAddresses })
  const started = Date.now()
  const endAt = started + minutes * 60_000
  io.err.write(
    `collecting Hyperliquid ${coin} positions for ${minutes} min from ${restUrl} + ${wsUrl} ` +
      `(budget ${Math.round(c.budget.weightPerMinute)} weight/min; Ctrl-C to stop early)\n`,
  )
  c.start(signal)
  try {
    let nextLine = started + everyMs
    while (!signal.aborted && Date.now() < endAt) {
      await new Promise((r) => setTimeout(r, Math.max(1, Math.min(250, endAt - Date.now()))))
      if (Date.now() >= nextLine) {
        io.err.write(`${statusLine(c.status(), Date.now() - started)}\n`)
        nextLine += everyMs
      }
    }
  } finally {
    await c.stop()
  }
  const status = c.status()
  io.err.write(`${statusLine(status, Date.now() - started)}\n`)
  const map = c.exactMap({ bins, rangePct })
  if (!map) {
    throw new NetworkError(
      `hl-positions: no mark price / open interest from ${restUrl} (metaAndAssetCtxs) in ${minutes} min` +
        (status.requests.lastError !== undefined ? `: ${status.requests.lastError}` : ''),
    )
  }
  const leverage = c.leverageDistribution(ladder)
  let prior: unknown = null
  let priorNote =
    'leverage weights measured on Hyperliquid, for the other venues (see docs/hyperliquid-positions.md)'
  try {
    prior = c.calibratedPrior(ladder, { minPositions })
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    priorNote = err.message
  }
  const { stream: _stream, ...rest } = status
  const doc = {
    generatedAt: new Date().toISOString(),
    source: { restUrl, wsUrl, coin, minutes },
    status: { ...rest, stream: status.stream ?? null },
    map,
    leverage,
    prior,
    priorNote,
  }
  const text = `${JSON.stringify(doc, null, 1)}\n`
  if (out === undefined) io.out.write(text)
  else {
    writeFileSync(out, text)
    io.err.write(
      `wrote ${out}: ${map.addresses} accounts, coverage ${pct(map.coverage)}, oldest position ${formatDuration(map.oldestAgeMs)}\n`,
    )
  }
}

export function register(program: Command): void {
  program
    .command('hl-positions')
    .description(
      'collect real Hyperliquid positions for N minutes and write the exact liquidation map and the measured leverage mix (JSON)',
    )
    .option('--minutes <n>', 'how long to collect (fractions allowed)', '10')
    .option('--out <file>', 'JSON output file [default: stdout]')
    .option('--ws-url <url>', 'Hyperliquid WebSocket URL', HYPERLIQUID_WS)
    .option('--rest-url <url>', 'Hyperliquid REST base URL (POST /info)', HYPERLIQUID_REST)
    .option('--coin <coin>', 'Hyperliquid coin', 'BTC')
    .option('--budget-share <x>', 'share of the 1200 weight/min per-IP budget to use', '0.8')
    .option('--max-addresses <n>', 'addresses kept at most', '20000')
    .option('--status-every <seconds>', 'status line interval', '5')
    .option('--bins <n>', 'price bins of the map', '200')
    .option('--range-pct <x>', 'map range each side of the price, %', '15')
    .option(
      '--ladder <list>',
      'leverage ladder of the distribution',
      DEFAULT_PARAMS.leverages.join(','),
    )
    .option('--min-positions <n>', 'fewest positions to calibrate the prior from', '50')
    .action(async (f: HlPositionsFlags) => {
      const ac = new AbortController()
      const stop = (): void => ac.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      try {
        await runHlPositions(f, ac.signal, { out: process.stdout, err: process.stderr })
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
    })
}
