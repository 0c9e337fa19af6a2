/**
 * `liqheat review`: the session review — clusters mapped at `--from`, which were swept and when,
 * what price did next, how often the nearer or heavier side came first, each beside random levels
 * at the same distances (seeded). A self-contained HTML report, or the same numbers as JSON.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { timeframeToMs } from '../../core/time.ts'
import { computeReview, renderReviewHtml, type ReviewReport } from '../../review/index.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'
import { addSourceOptions, loadSource, modelChoice, type SourceFlags } from '../source.ts'

interface ReviewFlags extends SourceFlags {
  out?: string
  format?: string
  reversalPct?: string
  bars?: string
  step?: string
  seed?: string
  draws?: string
  warmup?: string
}

function review(f: ReviewFlags, run: () => ReviewReport): ReviewReport {
  try {
    return run()
  } catch (err) {
    if (
      err instanceof UsageError &&
      (err.flag === 'from' || err.flag === 'to' || err.flag === 'step')
    )
      throw new UsageError(`--${err.message}`, `--${err.flag}`)
    throw err
  }
}

export function register(program: Command): void {
  const cmd = new Command('review')
    .description('session review: did the estimated map help? (HTML report or JSON)')
    .option('--out <file>', 'write here (default: stdout)')
    .option('--format <f>', 'html or json (default: from --out, else html)')
    .option('--reversal-pct <pct>', 'reversal / continuation size after a sweep, %', '0.5')
    .option('--bars <n>', 'bars after a sweep in which it must happen', '12')
    .option('--step <tf>', 'spacing of the nearer/heavier-side trials, e.g. 1h', '1h')
    .option('--seed <n>', 'seed of the random-level baseline', '1')
    .option('--draws <n>', 'random draws per baseline', '200')
    .option('--warmup <days>', 'days before --from that warm the model up', '14')
  addSourceOptions(cmd).action(async (f: ReviewFlags) => {
    if (f.from === undefined)
      throw new UsageError('--from: the session start is required', '--from')
    if (f.to === undefined) throw new UsageError('--to: the session end is required', '--to')
    const byExt = f.out?.toLowerCase().endsWith('.json') ? 'json' : 'html'
    const format = parseChoice(f.format ?? byExt, ['html', 'json'] as const, '--format')
    const reversalPct = parsePositiveNumber(f.reversalPct ?? '0.5', '--reversal-pct')
    if (reversalPct > 20) throw new UsageError('--reversal-pct: at most 20', '--reversal-pct')
    const reversalBars = parsePositiveInt(f.bars ?? '12', '--bars', 10_000)
    const stepMs = timeframeToMs(f.step ?? '1h')
    if (stepMs === undefined)
      throw new UsageError(`--step: '${f.step}' is not a duration like 30m, 1h, 4h`, '--step')
    const seed = Number(f.seed ?? '1')
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new UsageError(`--seed: '${f.seed}' is not a whole number ≥ 0`, '--seed')
    const draws = parsePositiveInt(f.draws ?? '200', '--draws', 5000)
    const warmupMs = parsePositiveNumber(f.warmup ?? '14', '--warmup') * 86_400_000
    const choice = await modelChoice(f)
    const { data, from, to } = await loadSource(f, { liquidations: false, warmupMs })
    if (from === undefined || to === undefined)
      throw new UsageError('--from and --to are required', '--from')
    const report = review(f, () =>
      computeReview(data, {
        from,
        to,
        params: choice.params,
        filter: choice.filter,
        reversalPct,
        reversalBars,
        stepMs,
        seed,
        draws,
      }),
    )
    const text =
      format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderReviewHtml(report)
    if (f.out) {
      await writeFile(f.out, text)
      const s = report.sweeps
      process.stderr.write(
        `wrote ${f.out}: ${report.start.clusters.length} clusters at the start, ${s.swept.hits} swept, ` +
          `${s.reversal.hits}/${s.reversal.of} reversed (estimated)\n`,
      )
    } else process.stdout.write(text)
  })
  program.addCommand(cmd)
}
