/**
 * `liqheat eval`: measured accuracy. On real data: the predicted liquidations per bar against
 * realized ones, beside the naive baselines. On a simulated market (a folder with `truth/`): the
 * estimated liquidation-level distribution against the true one (docs/accuracy.md).
 * @module
 */
import { Command } from 'commander'
import { evaluate, formatEval } from '../../eval/evaluate.ts'
import { evaluateTruthDir, formatTruthTable, hasTruth } from '../../eval/truth/index.ts'
import { parseChoice, parsePositiveNumber } from '../options.ts'
import { addSourceOptions, loadSource, modelChoice, type SourceFlags } from '../source.ts'

interface EvalFlags extends SourceFlags {
  format?: string
  warmup?: string
}

export function register(program: Command): void {
  const cmd = new Command('eval')
    .description(
      'measured accuracy: per bar vs realized liquidations (Spearman, Pearson) beside two naive baselines; on simulated data (truth/) vs the true level distribution',
    )
    .option('--format <f>', 'table or json', 'table')
    .option(
      '--warmup <hours>',
      'hours at the start skipped for every method (the model starts empty)',
    )
  addSourceOptions(cmd).action(async (f: EvalFlags) => {
    const format = parseChoice(f.format ?? 'table', ['table', 'json'] as const, '--format')
    const warmupHours =
      f.warmup !== undefined ? parsePositiveNumber(f.warmup, '--warmup') : undefined
    const choice = await modelChoice(f)
    if (f.data && (await hasTruth(f.data))) {
      const rows = await evaluateTruthDir(f.data, {
        params: choice.params,
        warmupHours,
        ceiling: true,
      })
      if (format === 'json')
        process.stdout.write(`${JSON.stringify({ simulated: true, rows }, null, 2)}\n`)
      else
        process.stdout.write(
          `simulated market: estimated vs true liquidation levels\n${formatTruthTable(rows)}\n`,
        )
      return
    }
    const { data, from, to } = await loadSource({ ...f, from: undefined }, {})
    const result = evaluate(data, choice.params, { warmupHours: warmupHours ?? 24, from, to })
    if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else process.stdout.write(`${formatEval(result)}\n`)
  })
  program.addCommand(cmd)
}
