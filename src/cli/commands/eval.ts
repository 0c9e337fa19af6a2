/**
 * `liqheat eval`: measured accuracy of the predicted liquidations against realized ones, beside
 * the naive baselines (docs/accuracy.md).
 * @module
 */
import { Command } from 'commander'
import { evaluate, formatEval } from '../../eval/evaluate.ts'
import { parseChoice, parsePositiveNumber } from '../options.ts'
import { addSourceOptions, loadSource, modelChoice, type SourceFlags } from '../source.ts'

interface EvalFlags extends SourceFlags {
  format?: string
  warmup?: string
}

export function register(program: Command): void {
  const cmd = new Command('eval')
    .description(
      'accuracy per bar vs realized liquidations: Spearman and Pearson, beside two naive baselines',
    )
    .option('--format <f>', 'table or json', 'table')
    .option(
      '--warmup <hours>',
      'hours at the start skipped for every method (the model starts empty)',
      '24',
    )
  addSourceOptions(cmd).action(async (f: EvalFlags) => {
    const format = parseChoice(f.format ?? 'table', ['table', 'json'] as const, '--format')
    const warmupHours = parsePositiveNumber(f.warmup ?? '24', '--warmup')
    const choice = await modelChoice(f)
    const { data, from, to } = await loadSource({ ...f, from: undefined }, {})
    const result = evaluate(data, choice.params, { warmupHours, from, to })
    if (format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else process.stdout.write(`${formatEval(result)}\n`)
  })
  program.addCommand(cmd)
}
