/**
 * `liqheat export`: `csv --what grid|map|clusters` (the heatmap grid over a range, or the map and
 * the clusters at an instant) and `pine` (a TradingView Pine Script v6 indicator of the clusters at
 * an instant). Every figure is estimated.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { isoUtc, parseTime } from '../../core/time.ts'
import {
  clustersCsv,
  gridCsv,
  mapCsv,
  PINE_MAX_CLUSTERS,
  pineScript,
  scopeText,
} from '../../export/index.ts'
import { LiquidationModel, toModelBars } from '../../model/index.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'
import { gridFromFlags } from './heatmap.ts'
import {
  addSourceOptions,
  loadSource,
  modelChoice,
  type ModelChoice,
  type SourceFlags,
} from '../source.ts'

interface ExportFlags extends SourceFlags {
  out?: string
  at?: string
  what?: string
  rows?: string
  columns?: string
  bins?: string
  range?: string
  warmup?: string
  style?: string
  max?: string
}

async function emit(text: string, out: string | undefined, what: string): Promise<void> {
  if (out === undefined) {
    process.stdout.write(text)
    return
  }
  await writeFile(out, text)
  process.stderr.write(`wrote ${out}: ${what} (estimated)\n`)
}

/** The model run on every bar before `--at` (default: all bars). */
async function modelAt(
  f: ExportFlags,
  choice: ModelChoice,
): Promise<{ model: LiquidationModel; symbol: string }> {
  const at = f.at !== undefined ? parseTime(f.at, '--at') : undefined
  if (at !== undefined && f.to !== undefined)
    throw new UsageError('--to: give either --at or --to', '--to')
  const { data } = await loadSource(
    { ...f, ...(f.at !== undefined ? { to: f.at } : {}) },
    { liquidations: false },
  )
  const model = new LiquidationModel(choice.params)
  model.appendHistory(toModelBars(data).filter((b) => at === undefined || b.ts < at))
  if (!model.lastBar) throw new UsageError(`--at: no bar before ${f.at}`, '--at')
  return { model, symbol: data.symbol }
}

function csvCommand(): Command {
  const cmd = new Command('csv')
    .description(
      'CSV of the heatmap grid (over --from/--to), or of the map or the clusters at --at',
    )
    .requiredOption('--what <w>', 'grid, map or clusters')
    .option('--out <file>', 'write here (default: stdout)')
    .option('--at <iso>', 'map/clusters: the instant (default: after the last bar)')
    .option('--rows <n>', 'grid: price rows', '400')
    .option('--columns <n>', 'grid: time columns (default: one per bar, at most 1000)')
    .option('--warmup <days>', 'grid: days before --from that warm the model up', '14')
    .option('--bins <n>', 'map: price bins', '200')
    .option('--range <pct>', 'map: range each side of price, %', '15')
    .exitOverride()
  return addSourceOptions(cmd).action(async (f: ExportFlags) => {
    const what = parseChoice(f.what ?? '', ['grid', 'map', 'clusters'] as const, '--what')
    const choice = await modelChoice(f)
    if (what === 'grid') {
      if (f.at !== undefined)
        throw new UsageError(
          '--at: the grid spans --from/--to; --at is for map and clusters',
          '--at',
        )
      const { grid } = await gridFromFlags(f)
      return emit(
        gridCsv(grid),
        f.out,
        `${grid.times.length} columns × ${grid.rows} rows, non-empty cells`,
      )
    }
    const { model } = await modelAt(f, choice)
    if (what === 'map') {
      const bins = parsePositiveInt(f.bins ?? '200', '--bins', 5000)
      const rangePct = parsePositiveNumber(f.range ?? '15', '--range')
      if (rangePct > 90) throw new UsageError('--range: at most 90 %', '--range')
      const m = model.map({ filter: choice.filter, bins, rangePct })
      return emit(mapCsv(m), f.out, `map at ${isoUtc(m.at)}, ${bins} bins`)
    }
    const r = model.clusters({ filter: choice.filter })
    return emit(clustersCsv(r), f.out, `${r.all.length} clusters at ${isoUtc(r.at)}`)
  })
}

function pineCommand(): Command {
  const cmd = new Command('pine')
    .description('TradingView Pine Script v6 indicator drawing the estimated clusters at --at')
    .requiredOption('--out <file>', 'the .pine file to write')
    .option('--at <iso>', 'the instant (default: after the last bar)')
    .option('--style <s>', 'boxes (cluster spans) or lines (peaks)', 'boxes')
    .option('--max <n>', `at most this many clusters, nearest first (≤ ${PINE_MAX_CLUSTERS})`, '60')
    .exitOverride()
  return addSourceOptions(cmd).action(async (f: ExportFlags) => {
    const style = parseChoice(f.style ?? 'boxes', ['boxes', 'lines'] as const, '--style')
    const max = parsePositiveInt(f.max ?? '60', '--max', PINE_MAX_CLUSTERS)
    const choice = await modelChoice(f)
    const { model, symbol } = await modelAt(f, choice)
    const r = model.clusters({ filter: choice.filter })
    const script = pineScript(r, {
      symbol,
      generatedAt: Date.now(),
      scope: scopeText(choice.filter),
      style,
      maxClusters: max,
    })
    return emit(
      script,
      f.out,
      `Pine v6 indicator, ${Math.min(max, r.all.length)} clusters at ${isoUtc(r.at)}`,
    )
  })
}

export function register(program: Command): void {
  const cmd = new Command('export').description(
    'export the estimates: csv (grid, map, clusters) or pine (TradingView)',
  )
  cmd.addCommand(csvCommand())
  cmd.addCommand(pineCommand())
  program.addCommand(cmd)
}
