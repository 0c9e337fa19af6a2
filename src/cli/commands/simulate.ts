/**
 * `liqheat simulate`: runs the agent-based market and writes its public series (the files `--data`
 * reads) plus the ground truth under `truth/`. Everything it writes is SIMULATED.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { Command } from 'commander'
import { UsageError } from '../../core/errors.ts'
import { isoUtc, parseTime, timeframeToMs } from '../../core/time.ts'
import {
  SCENARIOS,
  simulate,
  writeSimFiles,
  type ScenarioName,
  type SimParams,
} from '../../sim/index.ts'
import { parseChoice, parsePositiveInt, parsePositiveNumber } from '../options.ts'

interface SimulateFlags {
  days: string
  seed: string
  tf: string
  out: string
  start?: string
  traders?: string
  scenario: string
  params?: string
}

async function readParams(path: string): Promise<Partial<SimParams>> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new UsageError(
      `--params: cannot read '${path}' as JSON (${err instanceof Error ? err.message : String(err)})`,
      '--params',
    )
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new UsageError(
      `--params: '${path}' must hold a JSON object of simulator parameters`,
      '--params',
    )
  return raw as Partial<SimParams>
}

export function register(program: Command): void {
  const cmd = new Command('simulate')
    .description(
      'simulate a perpetual-futures market whose liquidation levels are known (SIMULATED data)',
    )
    .requiredOption('--days <n>', 'days of published bars')
    .requiredOption('--seed <s>', 'random seed (number or text); same seed, same files')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--tf <tf>', 'bar length (a multiple of the 3 s tick)', '1m')
    .option('--start <date>', 'open time of the first bar, UTC (default 2026-01-01)')
    .option('--traders <n>', 'number of traders (default 10000)')
    .option('--scenario <name>', `preset: ${Object.keys(SCENARIOS).join(', ')}`, 'default')
    .option(
      '--params <file.json>',
      'JSON object overriding simulator parameters (docs/simulator.md)',
    )
    .action(async (f: SimulateFlags) => {
      const days = parsePositiveNumber(f.days, '--days')
      if (days > 366) throw new UsageError(`--days: ${days} is above the limit of 366`, '--days')
      const tfMs = timeframeToMs(f.tf)
      if (tfMs === undefined)
        throw new UsageError(`--tf: '${f.tf}' is not a timeframe like 1m, 5m or 1h`, '--tf')
      const seed = /^\d{1,15}$/.test(f.seed.trim()) ? Number(f.seed) : f.seed
      if (f.seed.trim() === '') throw new UsageError('--seed: must not be empty', '--seed')
      const scenario = parseChoice(
        f.scenario,
        Object.keys(SCENARIOS) as ScenarioName[],
        '--scenario',
      )
      const params: Partial<SimParams> = f.params ? await readParams(f.params) : {}
      const overrides = {
        ...params,
        ...(f.traders !== undefined
          ? { traders: parsePositiveInt(f.traders, '--traders', 2_000_000) }
          : {}),
      }
      const startTs = f.start !== undefined ? parseTime(f.start, '--start') : undefined
      const t0 = performance.now()
      const r = simulate({ seed, days, tfMs, startTs, scenario, params: overrides })
      const secs = (performance.now() - t0) / 1000
      const paths = await writeSimFiles(r, f.out)
      const s = r.stats
      process.stderr.write(
        `SIMULATED market (seed ${String(seed)}, ${scenario}): ${r.market.bars.length} bars ${isoUtc(r.startTs)} → ${isoUtc(r.endTs)}\n` +
          `  ${r.params.traders} traders on ${r.params.venues.join(', ')}; ${s.positionsOpened} positions opened, ` +
          `${s.liquidations} liquidated (${(s.liquidatedUsd / 1e6).toFixed(2)} M USD), ` +
          `${s.cascadeTicks} cascade ticks (deepest ${s.maxCascadeDepth} rounds)\n` +
          `  simulated in ${secs.toFixed(2)} s; wrote ${paths.length} files to ${f.out} (truth in ${f.out}/truth/)\n`,
      )
    })
  program.addCommand(cmd)
}
