/**
 * `liqheat clusters`: the estimated liquidation clusters at an instant — the three nearest above
 * and below, every cluster, and the asymmetry ratio.
 * @module
 */
import { Command } from 'commander'
import { isoUtc, parseTime } from '../../core/time.ts'
import {
  LiquidationModel,
  toModelBars,
  type Cluster,
  type ClusterReport,
} from '../../model/index.ts'
import { formatUsd } from '../../render/index.ts'
import { parseChoice, parsePositiveNumber } from '../options.ts'
import { addSourceOptions, loadSource, modelChoice, type SourceFlags } from '../source.ts'
import { UsageError } from '../../core/errors.ts'

interface ClusterFlags extends SourceFlags {
  at?: string
  format?: string
  window?: string
  freshHours?: string
}

export function register(program: Command): void {
  const cmd = new Command('clusters')
    .description('estimated liquidation clusters at an instant (default: the last bar)')
    .option('--at <iso>', 'instant (UTC); the model runs on every bar before it')
    .option('--format <f>', 'table or json', 'table')
    .option('--window <pct>', 'asymmetry window, % of price each side', '2')
    .option('--fresh-hours <h>', 'freshness and growth window, hours', '24')
  addSourceOptions(cmd).action(async (f: ClusterFlags) => {
    const format = parseChoice(f.format ?? 'table', ['table', 'json'] as const, '--format')
    const windowPct = parsePositiveNumber(f.window ?? '2', '--window')
    const freshHours = parsePositiveNumber(f.freshHours ?? '24', '--fresh-hours')
    const at = f.at !== undefined ? parseTime(f.at, '--at') : undefined
    const choice = await modelChoice(f)
    const { data } = await loadSource({ ...f, to: f.at ?? f.to }, { liquidations: false })
    const model = new LiquidationModel(choice.params, { freshHours })
    model.appendHistory(toModelBars(data).filter((b) => at === undefined || b.ts < at))
    if (!model.lastBar) throw new UsageError(`--at: no bar before ${f.at}`, '--at')
    const report = model.clusters({ filter: choice.filter, windowPct })
    if (format === 'json')
      process.stdout.write(
        `${JSON.stringify({ estimated: true, symbol: data.symbol, ...report }, null, 2)}\n`,
      )
    else process.stdout.write(`${formatClusters(data.symbol, report)}\n`)
  })
  program.addCommand(cmd)
}

function row(c: Cluster): string {
  return [
    c.side.padEnd(5),
    c.peakPrice.toFixed(0).padStart(9),
    `${c.priceLow.toFixed(0)}–${c.priceHigh.toFixed(0)}`.padStart(15),
    `${c.distancePct >= 0 ? '+' : ''}${c.distancePct.toFixed(2)}%`.padStart(8),
    formatUsd(c.notionalUsd).padStart(8),
    `${c.ageHours.toFixed(1)}h`.padStart(7),
    `${(c.freshShare * 100).toFixed(0)}%`.padStart(6),
    `${c.growthUsdPerHour >= 0 ? '+' : '-'}${formatUsd(Math.abs(c.growthUsdPerHour))}/h`.padStart(
      11,
    ),
    c.roundNumber ? 'round' : '',
  ].join('  ')
}

export function formatClusters(symbol: string, r: ClusterReport): string {
  const head = `side   peak       span             dist     notional  age    fresh  growth`
  const a = r.asymmetry
  return [
    `${symbol} at ${isoUtc(r.at)}, price ${r.price.toFixed(2)} — estimated liquidation clusters (fresh = seeded in the last ${r.freshHours} h)`,
    'above (short liquidations), nearest first:',
    head,
    ...(r.above.length ? r.above.map(row) : ['  (none)']),
    'below (long liquidations), nearest first:',
    head,
    ...(r.below.length ? r.below.map(row) : ['  (none)']),
    `asymmetry within ±${a.windowPct}%: longs below ${formatUsd(a.longBelowUsd)} / shorts above ${formatUsd(a.shortAboveUsd)} = ${Number.isFinite(a.ratio) ? a.ratio.toFixed(2) : '∞'}`,
  ].join('\n')
}
