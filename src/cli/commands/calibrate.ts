/**
 * `liqheat calibrate`: fits the model on training spans (by default every rung's leverage weight
 * and half-life; `--fit family` the six-number family), reports training and test spans beside the
 * baselines, and writes the fitted parameters for `--params FILE`.
 * Method: docs/accuracy.md.
 * @module
 */
import { writeFile } from 'node:fs/promises'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import type { MarketData } from '../../core/types.ts'
import { loadDataDir } from '../../data/index.ts'
import { fitModel, FITS, OBJECTIVES } from '../../eval/calibrate-fit.ts'
import {
  REAL_WARMUP_HOURS,
  score,
  simScore,
  simSpan,
  type SimSpan,
  type Span,
} from '../../eval/calibrate-objective.ts'
import { PRESET_LADDER } from '../../eval/calibrate-rungs.ts'
import { realComparison, realSpanLine, simComparison } from '../../eval/calibrate-report.ts'
import { parseSpan, resolveSpan, spansOverlap, type SpanSpec } from '../../eval/calibrate-spans.ts'
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
  fit?: string
  ladder?: string
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
    .option(
      '--objective <o>',
      'real (vs realized liquidations), sim (vs truth/) or joint (both kinds of --data)',
    )
    .option('--fit <f>', 'rungs (weight and half-life per rung) or family (six numbers)', 'rungs')
    .option('--ladder <list>', `rungs: leverages to fit (default ${PRESET_LADDER.join(',')})`)
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
      const fit = parseChoice(f.fit ?? 'rungs', FITS, '--fit')
      const ladder = f.ladder === undefined ? undefined : parseLadder(f.ladder)
      if (ladder && fit !== 'rungs')
        throw new UsageError('--ladder: only with --fit rungs', '--ladder')
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
      const withTruth = train.filter((s) => s.truth)
      const without = train.filter((s) => !s.truth)
      const objective = parseChoice(
        f.objective ?? (without.length === 0 ? 'sim' : withTruth.length === 0 ? 'real' : 'joint'),
        OBJECTIVES,
        '--objective',
      )
      if (objective === 'sim' && without.length > 0)
        throw new UsageError(
          `--objective sim: ${without[0].dir} has no truth/ folder (--data)`,
          '--objective',
        )
      if (objective === 'joint' && (withTruth.length === 0 || without.length === 0))
        throw new UsageError(
          '--objective joint: give --data folders of both kinds (real data, and simulated with truth/)',
          '--objective',
        )
      // real: every folder is scored against realized liquidations; sim and joint: folders with
      // truth/ against the truth, the others (joint) against realized liquidations.
      const part = (sets: readonly Loaded[], spec: SpanSpec, flag: string) => ({
        real:
          objective === 'real'
            ? realSpans(sets, spec)
            : realSpans(
                sets.filter((s) => !s.truth),
                spec,
              ),
        sim:
          objective === 'real'
            ? []
            : simSpansOf(
                sets.filter((s) => s.truth),
                spec,
                flag,
              ),
      })
      const tr = part(train, trainSpec, '--data')
      const te = part(test, testSpec, f.testData.length ? '--test-data' : '--data')
      const t0 = performance.now()
      const result = fitModel({
        fit,
        objective,
        real: tr.real,
        sim: tr.sim,
        base,
        passes,
        warmupHours: warmup,
        ...(ladder ? { ladder } : {}),
        onStep: (what, n) => {
          if (!f.quiet)
            process.stderr.write(
              `  ${n} evaluations, ${((performance.now() - t0) / 1000).toFixed(0)} s: ${what}\n`,
            )
        },
      })
      const out: string[] = []
      for (const [title, spans] of [
        ['train', tr],
        ['test', te],
      ] as const) {
        if (spans.real.length > 0) {
          const a = score(spans.real, base, warmup)
          const b = score(spans.real, result.params, warmup)
          out.push(
            `== ${title}, real data: worst margin ${a.worst.toFixed(3)} → ${b.worst.toFixed(3)}`,
          )
          a.results.forEach((r, i) => {
            out.push(realSpanLine(spans.real[i].name, r))
            out.push(realComparison(r, b.results[i], 'text'), '')
          })
        }
        if (spans.sim.length > 0) {
          const a = simScore(spans.sim, base)
          const b = simScore(spans.sim, result.params)
          out.push(
            `== ${title}, simulated (${a.perSpan.length} markets, means): mean log goal ratio ${a.meanLog.toFixed(3)} → ${b.meanLog.toFixed(3)}`,
          )
          out.push(simComparison(a.rows, b.rows, 'text'), '')
        }
      }
      out.push(`evaluations: ${result.evaluations}, passes: ${result.passes}`)
      if (result.floor !== undefined)
        out.push(`joint: real worst margin held at ≥ ${result.floor.toFixed(2)}`)
      out.push(`fitted (${fit}, ${objective}): ${result.described}`)
      out.push(`time: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
      if (f.out) {
        try {
          await writeFile(f.out, `${JSON.stringify(result.params, null, 2)}\n`)
        } catch (e) {
          throw new UsageError(`--out: cannot write '${f.out}' (${(e as Error).message})`, '--out')
        }
        out.push(`parameters written to ${f.out} (use with --params)`)
      }
      process.stdout.write(`${out.join('\n')}\n`)
    })
  program.addCommand(cmd)
}

/** `--ladder 5,10,20`: distinct leverages in [1, 200], ascending. */
function parseLadder(text: string): number[] {
  const xs = text.split(',').map((t) => Number(t.trim()))
  xs.forEach((x, i) => {
    if (!Number.isFinite(x) || x < 1 || x > 200)
      throw new UsageError(
        `--ladder: '${text.split(',')[i]}' is not a leverage in [1, 200]`,
        '--ladder',
      )
    if (i > 0 && !(x > xs[i - 1]))
      throw new UsageError(`--ladder: leverages must ascend without repeats (${text})`, '--ladder')
  })
  return xs
}
