/**
 * `liqheat sweeps`: the model's predicted liquidations per bar. Never reads liquidation files
 * (those are what it predicts).
 * @module
 */
import { Command } from 'commander'
import { runSweeps, toModelBars } from '../../model/index.ts'
import { parseChoice } from '../options.ts'
import { addSourceOptions, loadSource, modelChoice, type SourceFlags } from '../source.ts'

interface SweepsFlags extends SourceFlags {
  format?: string
}

export function register(program: Command): void {
  const cmd = new Command('sweeps')
    .description(
      'predicted liquidations per bar (USD, estimated): ts,predicted_long_usd,predicted_short_usd',
    )
    .option('--format <f>', 'csv or json', 'csv')
  addSourceOptions(cmd).action(async (f: SweepsFlags) => {
    const format = parseChoice(f.format ?? 'csv', ['csv', 'json'] as const, '--format')
    const choice = await modelChoice(f)
    const { data, from, to } = await loadSource(f, { liquidations: false })
    const bars = toModelBars(data)
    const sweeps = runSweeps(bars, choice.params, choice.filter)
    const rows = sweeps.filter(
      (s) => (from === undefined || s.ts >= from) && (to === undefined || s.ts < to),
    )
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ estimated: true, symbol: data.symbol, rows })}\n`)
      return
    }
    const out = ['ts,predicted_long_usd,predicted_short_usd']
    for (const r of rows) out.push(`${r.ts},${r.longUsd.toFixed(2)},${r.shortUsd.toFixed(2)}`)
    process.stdout.write(`${out.join('\n')}\n`)
  })
  program.addCommand(cmd)
}
