/**
 * `liqheat calibrate`: fits the model's low-dimensional family (leverage tilt, half-life scale and
 * tilt, entry spread, level spread, same-bar share) on training spans, reports training and test
 * spans beside the baselines, and writes the fitted parameters for `--params FILE`.
 * Method: docs/accuracy.md.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import type { MarketData } from '../../core/types.ts'
import { loadDataDir } from '../../data/index.ts'
import { resolvedFamilyParams } from '../../eval/calibrate-family.ts'
import {
  REAL_WARMUP_HOURS,
  score,
  simScore,
  simSpan,
  type SimSpan,
  type Span,
} from '../../eval/calibrate-objective.ts'
import {
  formatPoint,
  realComparison,
  realSpanLine,
  simComparison,
} from '../../eval/calibrate-report.ts'
import { parseSpan, resolveSpan, spansOverlap, type SpanSpec } from '../../eval/calibrate-spans.ts'
import { calibrate } from '../../eval/calibrate.ts'
import type { ModelParams } from '../../model/index.ts'
import { hasTruth, loadTruth, type TruthLog } from '../../sim/index.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'
import { modelChoice } from '../source.ts'

interface CalibrateFlags {
  data: string[]
  testData: string[]
  train?: string
  test?: string
  objective?: string
  out?: string
  params?: string
  passes?: string
  warmup?: string
  lenient?: boolean
  quiet?: boolean
}

interface Loaded {
  readonly dir: string
  readonly data: MarketData
  readonly truth?: TruthLog
}

const collect = (v: string, prev: string[]): string[] => [...prev, v]

async function loadDirs(dirs: readonly string[], lenient: boolean): Promise<Loaded[]> {
  return Promise.all(
    dirs.map(async (dir) => {
      const data = await loadDataDir(dir, { lenient })
      if (data.bars.length === 0) throw new UsageError(`--data: no bars in ${dir}`, '--data')
      const truth = (await hasTruth(dir)) ? (await loadTruth(dir)).positions : undefined
      return { dir, data, ...(truth ? { truth } : {}) }
    }),
  )
}

function realSpans(sets: readonly Loaded[], spec: SpanSpec): Span[] {
  return sets.map((s) => ({ data: s.data, name: s.dir, ...resolveSpan(spec, s.data) }))
}

function simSpansOf(sets: readonly Loaded[], spec: SpanSpec, flag: string): SimSpan[] {
  return sets.map((s) => {
    if (!s.truth)
      throw new UsageError(
        `--objective sim: ${s.dir} has no truth/ folder (${flag})`,
        '--objective',
      )
    const r = resolveSpan(spec, s.data)
    return simSpan(s.dir, s.data, s.truth, r.from, r.to)
  })
}

export function register(program: Command): void {
  const cmd = new Command('calibrate')
    .description(
      'fit leverage weights, half-lives and spreads on a training span; report train and test spans',
    )
    .option('--data <dir>', 'data folder to train on (repeat for several)', collect, [])
    .option('--train <span>', 'training span FROM..TO: dates, epoch ms or % of each folder')
    .option('--test <span>', 'test span FROM..TO (same syntax; must not overlap --train)')
    .option('--test-data <dir>', 'test on these folders instead (repeatable)', collect, [])
    .option('--objective <o>', 'real (vs realized liquidations) or sim (vs truth/)')
    .option('--out <file>', 'write the fitted parameters here (JSON for --params)')
    .option('--params <file>', 'start from these parameters instead of the defaults')
    .option('--passes <n>', 'at most this many passes of the coordinate search', '4')
    .option('--warmup <hours>', 'real data: hours skipped at the start', String(REAL_WARMUP_HOURS))
    .option('--lenient', 'skip and count malformed rows instead of stopping at the first')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (f: CalibrateFlags) => {
      if (f.data.length === 0) throw new UsageError('give --data DIR (repeatable)', '--data')
      if (f.train === undefined) throw new UsageError('give --train FROM..TO', '--train')
      if (f.test === undefined) throw new UsageError('give --test FROM..TO', '--test')
      const trainSpec = parseSpan(f.train, '--train')
      const testSpec = parseSpan(f.test, '--test')
      const passes = parsePositiveInt(f.passes ?? '4', '--passes', 20)
      const warmup = parsePositiveNumber(f.warmup ?? String(REAL_WARMUP_HOURS), '--warmup')
      const base: Partial<ModelParams> = (await modelChoice({ params: f.params })).params
      const train = await loadDirs(f.data, f.lenient ?? false)
      const test = f.testData.length ? await loadDirs(f.testData, f.lenient ?? false) : train
      if (f.testData.length === 0)
        for (const s of train)
          if (spansOverlap(resolveSpan(trainSpec, s.data), resolveSpan(testSpec, s.data)))
            throw new UsageError(
              `--test: ${f.test} overlaps --train ${f.train} in ${s.dir} (or give --test-data)`,
              '--test',
            )
      const objective = parseChoice(
        f.objective ?? (train.every((s) => s.truth) ? 'sim' : 'real'),
        ['real', 'sim'] as const,
        '--objective',
      )
      const t0 = performance.now()
      const progress = (n: number, pt: object): void => {
        if (!f.quiet)
          process.stderr.write(
            `  ${n} evaluations, ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify(pt)}\n`,
          )
      }
      const out: string[] = []
      let point
      if (objective === 'real') {
        const tr = realSpans(train, trainSpec)
        const te = realSpans(test, testSpec)
        const fit = calibrate((p) => score(tr, p, warmup), {
          base,
          maxPasses: passes,
          onStep: (_s, pt, n) => progress(n, pt),
        })
        point = fit.point
        const testStart = score(te, base, warmup)
        const testFit = score(te, fit.params, warmup)
        const block = (
          title: string,
          a: typeof fit.score,
          b: typeof fit.score,
          spans: Span[],
        ): void => {
          out.push(`== ${title}: worst margin ${a.worst.toFixed(3)} → ${b.worst.toFixed(3)}`)
          a.results.forEach((r, i) => {
            out.push(realSpanLine(spans[i].name, r))
            out.push(realComparison(r, b.results[i], 'text'), '')
          })
        }
        block('train', fit.startScore, fit.score, tr)
        block('test', testStart, testFit, te)
        out.push(`evaluations: ${fit.evaluations}, passes: ${fit.passes}`)
      } else {
        const tr = simSpansOf(train, trainSpec, '--data')
        const te = simSpansOf(test, testSpec, f.testData.length ? '--test-data' : '--data')
        const fit = calibrate((p) => simScore(tr, p), {
          base,
          maxPasses: passes,
          onStep: (_s, pt, n) => progress(n, pt),
        })
        point = fit.point
        const testStart = simScore(te, base)
        const testFit = simScore(te, fit.params)
        const line = (t: string, a: typeof testStart, b: typeof testStart): string =>
          `== ${t} (${a.perSpan.length} markets, means): mean log goal ratio ${a.meanLog.toFixed(3)} → ${b.meanLog.toFixed(3)}`
        out.push(line('train', fit.startScore, fit.score))
        out.push(simComparison(fit.startScore.rows, fit.score.rows, 'text'), '')
        out.push(line('test', testStart, testFit))
        out.push(simComparison(testStart.rows, testFit.rows, 'text'), '')
        out.push(`evaluations: ${fit.evaluations}, passes: ${fit.passes}`)
      }
      out.push(`fitted: ${formatPoint(point)}`)
      out.push(`time: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
      const params = resolvedFamilyParams(point, base)
      if (f.out) {
        try {
          await writeFile(f.out, `${JSON.stringify(params, null, 2)}\n`)
        } catch (e) {
          throw new UsageError(`--out: cannot write '${f.out}' (${(e as Error).message})`, '--out')
        }
        out.push(`parameters written to ${f.out} (use with --params)`)
      }
      process.stdout.write(`${out.join('\n')}\n`)
    })
  program.addCommand(cmd)
}
