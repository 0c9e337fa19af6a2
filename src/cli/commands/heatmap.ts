/**
 * `liqheat heatmap`: the estimated liquidation heatmap as JSON, CSV or PNG.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { isoUtc, msToTimeframe } from '../../core/time.ts'
import type { MarketData } from '../../core/types.ts'
import { buildHeatmap, resolveParams, toModelBars, type HeatmapGrid } from '../../model/index.ts'
import { PALETTES, renderHeatmapPng, type PaletteName, type Scaling } from '../../render/index.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'
import {
  addSourceOptions,
  loadSource,
  modelChoice,
  type ModelChoice,
  type SourceFlags,
} from '../source.ts'

interface HeatmapFlags extends GridFlags {
  out: string
  palette?: string
  scaling?: string
  clip?: string
  side?: string
}

export function register(program: Command): void {
  const cmd = new Command('heatmap')
    .description('estimated liquidation heatmap (time × price) to .json, .csv or .png')
    .requiredOption('--out <file>', 'output file: .json, .csv or .png')
    .option('--rows <n>', 'price rows', '400')
    .option('--columns <n>', 'time columns (default: one per bar, at most 1000)')
    .option('--palette <name>', `PNG palette: ${PALETTES.join(', ')}`, 'viridis')
    .option('--scaling <s>', 'PNG intensity scaling: linear, sqrt, log', 'linear')
    .option('--clip <pct>', 'PNG colour scale clips at this percentile of cells', '99')
    .option('--side <s>', 'PNG: both, long or short', 'both')
    .option('--warmup <days>', 'days of data before --from that warm the model up', '14')
  addSourceOptions(cmd).action(async (f: HeatmapFlags) => {
    const ext = extname(f.out).toLowerCase()
    if (!['.json', '.csv', '.png'].includes(ext))
      throw new UsageError(`--out: '${f.out}' must end in .json, .csv or .png`, '--out')
    const palette = parseChoice(f.palette ?? 'viridis', PALETTES, '--palette') as PaletteName
    const scaling = parseChoice(
      f.scaling ?? 'sqrt',
      ['linear', 'sqrt', 'log'] as const,
      '--scaling',
    ) as Scaling
    const clip = parsePositiveNumber(f.clip ?? '99', '--clip')
    if (clip > 100) throw new UsageError('--clip: a percentile is at most 100', '--clip')
    const side = parseChoice(f.side ?? 'both', ['both', 'long', 'short'] as const, '--side')

    const { grid, data, choice } = await gridFromFlags(f)
    if (ext === '.png') {
      const png = renderHeatmapPng(grid, {
        palette,
        scaling,
        clipPercentile: clip,
        side,
        title: `${data.symbol} · estimated liquidation levels · ${describe(choice)}`,
        subtitle: `${msToTimeframe(grid.columnMs)} columns · entries from ${
          data.openInterest.length > 0
            ? 'open-interest changes'
            : 'volume (no open interest in the data)'
        }`,
      })
      await writeFile(f.out, png)
    } else if (ext === '.json') await writeFile(f.out, JSON.stringify(gridJson(grid, choice)))
    else await writeFile(f.out, gridCsv(grid))
    process.stderr.write(
      `wrote ${f.out}: ${grid.times.length} columns × ${grid.rows} rows, ${grid.times.length ? `${isoUtc(grid.times[0])} → ${isoUtc(grid.times[grid.times.length - 1] + grid.columnMs)}` : 'no bars'} (estimated)\n`,
    )
  })
  program.addCommand(cmd)
}

/** The flags every grid-producing command shares (--rows, --columns, --warmup and the source). */
export interface GridFlags extends SourceFlags {
  rows?: string
  columns?: string
  warmup?: string
}

/** Reads the data and builds the heatmap grid the flags ask for. */
export async function gridFromFlags(
  f: GridFlags,
): Promise<{ grid: HeatmapGrid; data: MarketData; choice: ModelChoice }> {
  const rows = parsePositiveInt(f.rows ?? '400', '--rows', 2000)
  const columns =
    f.columns !== undefined ? parsePositiveInt(f.columns, '--columns', 5000) : undefined
  const warmupMs = parsePositiveNumber(f.warmup ?? '14', '--warmup') * 86_400_000
  const choice = await modelChoice(f)
  const { data, from, to } = await loadSource(f, { liquidations: false, warmupMs })
  const grid = buildHeatmap(toModelBars(data), {
    symbol: data.symbol,
    params: choice.params,
    filter: choice.filter,
    from,
    to,
    rows,
    columns,
  })
  return { grid, data, choice }
}

export function describe(choice: ModelChoice): string {
  const p = resolveParams(choice.params)
  const venues = choice.filter.venues ?? p.venues
  const levs = choice.filter.leverages ?? p.leverages
  return `${venues.join('+')} · ${levs.map((l) => `${l}×`).join('/')}`
}

export function gridJson(grid: HeatmapGrid, choice: ModelChoice): object {
  const p = resolveParams(choice.params)
  return {
    estimated: true,
    units: {
      cells: 'USD of positions whose estimated liquidation price is in the cell',
      time: 'UTC ms, column start',
    },
    symbol: grid.symbol,
    venues: choice.filter.venues ?? p.venues,
    leverages: choice.filter.leverages ?? p.leverages,
    params: p,
    columnMs: grid.columnMs,
    times: grid.times,
    rows: grid.rows,
    priceMin: grid.priceMin,
    priceMax: grid.priceMax,
    priceStep: (grid.priceMax - grid.priceMin) / grid.rows,
    maxCell: grid.maxCell,
    candles: grid.candles,
    long: Array.from(grid.long, (v) => Math.round(v)),
    short: Array.from(grid.short, (v) => Math.round(v)),
  }
}

/** Long-format CSV: one line per non-empty cell. */
export function gridCsv(grid: HeatmapGrid): string {
  const step = (grid.priceMax - grid.priceMin) / grid.rows
  const lines = ['ts,price_low,price_high,long_usd,short_usd']
  grid.times.forEach((t, c) => {
    for (let r = 0; r < grid.rows; r++) {
      const l = grid.long[c * grid.rows + r]
      const s = grid.short[c * grid.rows + r]
      if (l < 0.5 && s < 0.5) continue
      const lo = grid.priceMin + r * step
      lines.push(`${t},${lo.toFixed(2)},${(lo + step).toFixed(2)},${l.toFixed(0)},${s.toFixed(0)}`)
    }
  })
  return `${lines.join('\n')}\n`
}
