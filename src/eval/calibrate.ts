/**
 * Calibration: fits the leverage weights, half-lives, entry spread, level spread and aggressor
 * tilt on training spans by coordinate search, maximising the worst margin of the model over the
 * best baseline (per window, side and measure), ties broken by the mean margin. Pure.
 * @module
 */
import type { MarketData } from '../core/types.ts'
import { resolveParams, type ModelParams } from '../model/index.ts'
import { evaluate, METHODS, type EvalResult } from './evaluate.ts'

export interface Span {
  readonly data: MarketData
  readonly name: string
  readonly from: number
  readonly to: number
}

export interface Score {
  /** Smallest (model − best baseline) over every span, side and measure. */
  readonly worst: number
  readonly mean: number
}

export function margins(r: EvalResult): number[] {
  const z = (x: number): number => (Number.isFinite(x) ? x : 0)
  return r.rows.map(
    (row) => z(row.values.model) - Math.max(...METHODS.slice(1).map((m) => z(row.values[m]))),
  )
}

export function score(spans: readonly Span[], params: Partial<ModelParams>): Score {
  const all: number[] = []
  for (const s of spans) {
    const r = evaluate(s.data, params, { from: s.from, to: s.to })
    for (const m of margins(r)) all.push(Number.isFinite(m) ? m : -1)
  }
  return { worst: Math.min(...all), mean: all.reduce((a, b) => a + b, 0) / all.length }
}

const better = (a: Score, b: Score): boolean =>
  a.worst > b.worst + 1e-4 || (Math.abs(a.worst - b.worst) <= 1e-4 && a.mean > b.mean + 1e-5)

type Mutable = {
  leverageWeights: number[]
  halfLifeHours: number[]
  entrySpread: number
  levelSpread: number
  aggressorTilt: number
}

/** Candidate moves: each parameter up and down by a factor (weights renormalised by the model). */
function moves(p: Mutable, step: number): Mutable[] {
  const out: Mutable[] = []
  const clone = (): Mutable => ({
    ...p,
    leverageWeights: [...p.leverageWeights],
    halfLifeHours: [...p.halfLifeHours],
  })
  for (let i = 0; i < p.leverageWeights.length; i++)
    for (const f of [1 + step, 1 / (1 + step)]) {
      const c = clone()
      c.leverageWeights[i] *= f
      out.push(c)
      const h = clone()
      h.halfLifeHours[i] = Math.min(1e4, Math.max(0.5, h.halfLifeHours[i] * f))
      out.push(h)
    }
  for (const key of ['entrySpread', 'levelSpread', 'aggressorTilt'] as const)
    for (const d of [step / 2, -step / 2]) {
      const c = clone()
      c[key] = Math.min(key === 'levelSpread' ? 0.9 : 1, Math.max(0, c[key] + d))
      out.push(c)
    }
  return out
}

export function calibrate(
  spans: readonly Span[],
  start: Partial<ModelParams> = {},
  opts: { rounds?: number; onStep?: (s: Score, p: Partial<ModelParams>) => void } = {},
): { params: Partial<ModelParams>; score: Score } {
  const r = resolveParams(start)
  let cur: Mutable = {
    leverageWeights: [...r.leverageWeights],
    halfLifeHours: [...r.halfLifeHours],
    entrySpread: r.entrySpread,
    levelSpread: r.levelSpread,
    aggressorTilt: r.aggressorTilt,
  }
  const base = { ...start }
  let best = score(spans, { ...base, ...cur })
  for (const step of [0.5, 0.25, 0.12].slice(0, opts.rounds ?? 3)) {
    let improved = true
    while (improved) {
      improved = false
      for (const cand of moves(cur, step)) {
        const s = score(spans, { ...base, ...cand })
        if (better(s, best)) {
          best = s
          cur = cand
          improved = true
          opts.onStep?.(best, { ...base, ...cur })
        }
      }
    }
  }
  const w = cur.leverageWeights.reduce((a, b) => a + b, 0)
  return {
    params: { ...base, ...cur, leverageWeights: cur.leverageWeights.map((x) => x / w) },
    score: best,
  }
}
