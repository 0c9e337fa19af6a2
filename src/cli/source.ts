/**
 * The data options every model command shares (`--data DIR` or `--db PATH`, `--from`, `--to`,
 * `--timeframe`, `--lenient`, `--params`, `--leverage`, `--exchanges`) and how they become
 * MarketData, model parameters and a filter.
 * @module
 */
import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { DataError, UsageError } from '../core/errors.ts'
import { resample } from '../core/resample.ts'
import { parseTime, timeframeToMs } from '../core/time.ts'
import type { MarketData, Venue } from '../core/types.ts'
import { loadDataDir, formatReport } from '../data/index.ts'
import {
  DEFAULT_PARAMS,
  resolveParams,
  type ModelFilter,
  type ModelParams,
} from '../model/index.ts'
import { parseLeverages, parseVenues } from './options.ts'

export interface SourceFlags {
  data?: string
  db?: string
  from?: string
  to?: string
  timeframe?: string
  lenient?: boolean
  symbol?: string
  params?: string
  leverage?: string
  weights?: string
  exchanges?: string
  quiet?: boolean
}

export function addSourceOptions(cmd: Command, opts: { model?: boolean } = {}): Command {
  cmd
    .option('--data <dir>', 'folder of Binance Vision CSV/ZIP files and liquidation CSVs')
    .option('--db <path>', 'embedded database written by `liqheat import|backfill|collect`')
    .option('--symbol <symbol>', 'symbol (default: from the files, else BTCUSDT)')
    .option('--from <iso>', 'first bar (UTC ISO date/time or epoch ms)')
    .option('--to <iso>', 'end (exclusive)')
    .option(
      '--timeframe <tf>',
      'aggregate bars to this timeframe (e.g. 1h); default: the data’s own',
    )
    .option('--lenient', 'skip and count malformed rows instead of stopping at the first')
    .option('-q, --quiet', 'do not print the data report on stderr')
  if (opts.model !== false)
    cmd
      .option('--params <file>', 'JSON file of model parameters (e.g. from `liqheat calibrate`)')
      .option(
        '--leverage <list>',
        `leverages to show, e.g. 25,50,100 (a subset of the ladder filters; other values set a custom ladder) [default: ${DEFAULT_PARAMS.leverages.join(',')}]`,
      )
      .option('--weights <list>', 'weights for a custom --leverage ladder, same length')
      .option('--exchanges <list>', 'venues to show: binance,bybit,okx,hyperliquid [default: all]')
  return cmd
}

export interface LoadedSource {
  readonly data: MarketData
  readonly from?: number
  readonly to?: number
}

/** Loads market data from --data or --db, restricted to [--from, --to) and resampled. */
export async function loadSource(
  f: SourceFlags,
  opts: { liquidations?: boolean; warmupMs?: number } = {},
): Promise<LoadedSource> {
  if (!f.data && !f.db) throw new UsageError('give --data DIR or --db PATH', '--data')
  if (f.data && f.db) throw new UsageError('give either --data or --db, not both', '--db')
  const from = f.from !== undefined ? parseTime(f.from, '--from') : undefined
  const to = f.to !== undefined ? parseTime(f.to, '--to') : undefined
  if (from !== undefined && to !== undefined && to <= from)
    throw new UsageError(`--to (${f.to}) must be after --from (${f.from})`, '--to')
  let tfMs: number | undefined
  if (f.timeframe !== undefined) {
    tfMs = timeframeToMs(f.timeframe)
    if (tfMs === undefined)
      throw new UsageError(
        `--timeframe: '${f.timeframe}' is not a timeframe like 5m, 1h, 1d`,
        '--timeframe',
      )
  }
  // Bars before --from are still read (up to warmupMs): they warm the model up.
  const loadFrom = from !== undefined && opts.warmupMs !== undefined ? from - opts.warmupMs : from
  let data: MarketData
  if (f.db) {
    const { loadMarketFromStore } = await import('../store/index.ts')
    data = loadMarketFromStore(f.db, {
      symbol: f.symbol ?? 'BTCUSDT',
      from: loadFrom,
      to,
      tf: f.timeframe,
    })
  } else {
    data = await loadDataDir(f.data as string, {
      lenient: f.lenient,
      from: loadFrom,
      to,
      symbol: f.symbol,
    })
  }
  if (opts.liquidations === false) data = { ...data, liquidationBars: [], liquidationEvents: [] }
  if (data.bars.length === 0)
    throw new DataError(
      `no bars in ${f.data ?? f.db}${from !== undefined || to !== undefined ? ' between --from and --to' : ''}`,
    )
  if (tfMs !== undefined) data = resample(data, tfMs)
  if (!f.quiet) process.stderr.write(`${formatReport(data.report)}\n`)
  return { data, from, to }
}

export interface ModelChoice {
  readonly params: Partial<ModelParams>
  readonly filter: ModelFilter
}

/** Reads --params, --leverage, --weights and --exchanges. */
export async function modelChoice(f: SourceFlags): Promise<ModelChoice> {
  let params: Partial<ModelParams> = {}
  if (f.params) {
    let text: string
    try {
      text = await readFile(f.params, 'utf8')
    } catch {
      throw new UsageError(`--params: cannot read '${f.params}'`, '--params')
    }
    try {
      params = JSON.parse(text) as Partial<ModelParams>
    } catch (e) {
      throw new DataError(`${f.params}: not valid JSON (${(e as Error).message})`, f.params)
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      throw new DataError(`${f.params}: expected a JSON object of model parameters`, f.params)
    try {
      resolveParams(params)
    } catch (e) {
      throw new UsageError(`--params ${f.params}: ${(e as Error).message}`, '--params')
    }
  }
  const filter: { venues?: Venue[]; leverages?: number[] } = {}
  const ladder = resolveParams(params).leverages
  if (f.leverage !== undefined) {
    const levs = parseLeverages(f.leverage)
    if (f.weights === undefined && levs.every((l) => ladder.includes(l))) filter.leverages = levs
    else {
      params = { ...params, leverages: levs, leverageWeights: undefined, halfLifeHours: undefined }
      if (f.weights !== undefined) {
        const w = f.weights.split(',').map((s) => Number(s.trim()))
        if (w.length !== levs.length || w.some((x) => !Number.isFinite(x) || x < 0))
          throw new UsageError(
            `--weights: need ${levs.length} non-negative numbers, one per --leverage`,
            '--weights',
          )
        params = { ...params, leverageWeights: w }
      }
    }
  } else if (f.weights !== undefined)
    throw new UsageError('--weights goes with --leverage', '--weights')
  if (f.exchanges !== undefined) filter.venues = parseVenues(f.exchanges)
  try {
    resolveParams(params)
  } catch (e) {
    throw new UsageError((e as Error).message, f.weights !== undefined ? '--weights' : '--leverage')
  }
  return { params, filter }
}
