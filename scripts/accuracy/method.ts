/**
 * The accuracy method, fixed in advance (docs/accuracy.md, "Method"): which real windows and spans
 * train and test, which simulated seeds train and test, and how the data are loaded. Every script
 * in scripts/accuracy/ reads its choices from here.
 * @module
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { MarketData } from '../../src/core/types.ts'
import { loadDataDir } from '../../src/data/index.ts'
import { parseSpan, resolveSpan } from '../../src/eval/calibrate-spans.ts'
import { simSpan, type SimSpan, type Span } from '../../src/eval/calibrate.ts'
import { familyParams } from '../../src/eval/calibrate-family.ts'
import { CALIBRATED, type ModelParams } from '../../src/model/index.ts'
import { simulate, type SimResult } from '../../src/sim/index.ts'

/** Real data: `LIQHEAT_REAL_DATA` or ../shared/data/real beside the repository. */
export const REAL_DIR =
  process.env.LIQHEAT_REAL_DATA ?? resolve(import.meta.dirname, '../../../shared/data/real')

/** Windows in the real objective (the goal windows). */
export const GOAL_WINDOWS = ['w1-2026-05-30m', 'w2-2025-11-1h'] as const
/** Reported beside them, never fitted (Bybit's sampled per-event feed; not a goal window). */
export const REPORT_WINDOWS = ['w3-2024-bybit-events'] as const

/** Train on the first 60 % of each window's time range, test on the last 40 %. */
export const TRAIN_SPAN = '0%..60%'
export const TEST_SPAN = '60%..100%'

/** Simulated markets: `simulate({ seed, days: 7, tfMs: 60 000 })`, default scenario. */
export const SIM_DAYS = 7
export const SIM_TRAIN_SEEDS = [101, 102, 103, 104] as const
export const SIM_TEST_SEEDS = [201, 202, 203, 204, 205] as const
/** Reported only: the stressed scenario (higher leverage, thinner book), unseen seeds. */
export const SIM_STRESSED_SEEDS = [301, 302] as const

/** Joint fit: the real worst margin may give up at most this much to the sim objective. */
export { JOINT_TOLERANCE } from '../../src/eval/calibrate-fit.ts'

/**
 * Round 2 (rung fits, docs/accuracy.md): the settings every rung fit is run at. The joint fits
 * share one floor (the best real fit over the grid, less JOINT_TOLERANCE) and the best joint
 * score over the grid is proposed. `volumeSeedFraction` only matters with seedFrom `both` (it
 * weighs the volume seed against open-interest rises); elsewhere it only scales dollars.
 */
export function outerPoints(): Partial<ModelParams>[] {
  const seeds: Partial<ModelParams>[] = [
    { seedFrom: 'oi' },
    { seedFrom: 'volume' },
    ...[0.02, 0.05, 0.1, 0.2].map((f) => ({ seedFrom: 'both' as const, volumeSeedFraction: f })),
  ]
  return seeds.flatMap((s) =>
    [0.1, 0.25].map((sameBarShare) => ({ ...s, sameBarShare, levelSpread: 0, entrySpread: 0.6 })),
  )
}

/**
 * Where round 2's rung fits start: round 1's J (the shipped defaults when round 2 was run),
 * carried onto the preset ladder. Pinned here because `fitModel` otherwise starts from the
 * shipped defaults, which since round 2 are its own result: re-running would start from the
 * answer and not reproduce the run.
 */
export const ROUND2_START: Partial<ModelParams> = familyParams(CALIBRATED)

/** Round 2 trains on the training seeds in a market of this many traders (docs/accuracy.md). */
export const SIM_LARGE_TRADERS = 100_000

/**
 * The market-size test (docs/accuracy.md, "Market size"): fresh seeds no script had simulated
 * before it was written, the shipped defaults (no refit), at these trader counts.
 */
export const SCALE_TEST_SEEDS = [401, 402, 403, 404, 405] as const
export const SCALE_TRADERS = [10_000, 100_000, 300_000, 1_000_000] as const

/** One market of the market-size test (not cached: a 1 M-trader truth is large). */
export function scaleMarket(seed: number, traders: number): SimResult {
  return simulate({ seed, days: SIM_DAYS, tfMs: 60_000, scenario: 'default', params: { traders } })
}

/** Coarser bins reported beside the default 200 (0.15 % of price): 60 bins = 0.5 %. */
export const COARSE_BINS = 60

export interface RealWindow {
  readonly name: string
  readonly data: MarketData
  readonly train: Span
  readonly test: Span
}

export async function loadRealWindow(name: string): Promise<RealWindow> {
  const dir = join(REAL_DIR, name)
  if (!existsSync(dir)) throw new Error(`real data not found: ${dir} (set LIQHEAT_REAL_DATA)`)
  const data = await loadDataDir(dir)
  const span = (text: string): Span => {
    const r = resolveSpan(parseSpan(text, 'span'), data)
    return { data, name, from: r.from, to: r.to }
  }
  return { name, data, train: span(TRAIN_SPAN), test: span(TEST_SPAN) }
}

const simCache = new Map<string, SimResult>()

export function simMarket(
  seed: number,
  scenario: 'default' | 'stressed' = 'default',
  traders?: number,
): SimResult {
  const key = `${scenario}:${seed}:${traders ?? ''}`
  let r = simCache.get(key)
  if (!r) {
    r = simulate({
      seed,
      days: SIM_DAYS,
      tfMs: 60_000,
      scenario,
      ...(traders ? { params: { traders } } : {}),
    })
    simCache.set(key, r)
  }
  return r
}

export function simSpans(
  seeds: readonly number[],
  scenario: 'default' | 'stressed' = 'default',
  traders?: number,
): SimSpan[] {
  return seeds.map((seed) => {
    const r = simMarket(seed, scenario, traders)
    return simSpan(`${scenario} seed ${seed}`, r.market, r.truth)
  })
}
