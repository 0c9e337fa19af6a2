/**
 * Session review: did the liquidation map help? The model runs up to the session start (earlier
 * bars warm it up); the clusters it mapped then are followed through the session (swept or not,
 * when, and whether price then reversed or continued), and at every `step` the nearest cluster
 * above and below are raced (which did price reach first: the nearer, the heavier?). Each rate
 * stands beside the same rate for random levels at the same distances from price (seeded draws),
 * so a trader sees whether the map did better than chance.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { isoUtc } from '../core/time.ts'
import type { MarketData, Side, UtcMs } from '../core/types.ts'
import { LiquidationModel, toModelBars, type ModelParams } from '../model/index.ts'
import type { Cluster, ClusterReport, ModelFilter } from '../model/types.ts'
import type { ClusterOutcome, ReviewReport, Trial } from './types.ts'

export type { ClusterOutcome, ReviewReport, Trial } from './types.ts'
import {
  baselineRate,
  firstTouch,
  levelOutcome,
  rate,
  seededRandom,
  type LevelOutcome,
  type Outcome,
  type PriceBar,
} from './outcome.ts'

export interface ReviewOptions {
  readonly from: UtcMs
  readonly to: UtcMs
  readonly params?: Partial<ModelParams>
  readonly filter?: ModelFilter
  /** Reversal / continuation size, % of the level (default 0.5). */
  readonly reversalPct?: number
  /** Bars after the sweep in which it must happen (default 12). */
  readonly reversalBars?: number
  /** Spacing of the nearer/heavier trials, ms (default 1 h). */
  readonly stepMs?: number
  readonly seed?: number
  /** Random draws per baseline (default 200). */
  readonly draws?: number
}

const HOUR = 3_600_000

interface Level {
  readonly side: Side
  readonly price: number
}

/** Sweep and outcome rates of a set of levels. */
function rates(outs: readonly LevelOutcome[]) {
  const count = (o: Outcome): number => outs.filter((x) => x.outcome === o).length
  const swept = outs.length - count('unswept')
  const resolved = count('reversal') + count('continuation') + count('neither')
  return {
    swept: rate(swept, outs.length),
    reversal: rate(count('reversal'), resolved),
    continuation: rate(count('continuation'), resolved),
    ambiguous: count('ambiguous'),
    unresolved: count('unresolved'),
  }
}

function downsample(bars: readonly PriceBar[], max: number) {
  const k = Math.max(1, Math.ceil(bars.length / max))
  const out: { t: UtcMs; h: number; l: number; c: number }[] = []
  for (let i = 0; i < bars.length; i += k) {
    const chunk = bars.slice(i, i + k)
    out.push({
      t: chunk[0].ts,
      h: Math.max(...chunk.map((b) => b.high)),
      l: Math.min(...chunk.map((b) => b.low)),
      c: chunk[chunk.length - 1].close,
    })
  }
  return out
}

function trialAt(
  r: ClusterReport,
  at: UtcMs,
  bars: readonly PriceBar[],
  i: number,
): Trial | undefined {
  const a = r.above[0]
  const b = r.below[0]
  if (!a || !b) return undefined
  const pick = (c: Cluster) => ({
    peakPrice: c.peakPrice,
    notionalUsd: c.notionalUsd,
    distancePct: c.distancePct,
  })
  return {
    at,
    price: r.price,
    above: pick(a),
    below: pick(b),
    nearer: Math.abs(a.distancePct) <= Math.abs(b.distancePct) ? 'above' : 'below',
    heavier: a.notionalUsd >= b.notionalUsd ? 'above' : 'below',
    first: firstTouch(bars, i, a.peakPrice, b.peakPrice),
  }
}

export function computeReview(data: MarketData, o: ReviewOptions): ReviewReport {
  if (!(o.to > o.from)) throw new UsageError('to: must be after from', 'to')
  const x = (o.reversalPct ?? 0.5) / 100
  const n = o.reversalBars ?? 12
  const step = o.stepMs ?? HOUR
  const seed = o.seed ?? 1
  const draws = o.draws ?? 200
  const filter = o.filter ?? {}
  if ((o.to - o.from) / step > 5000)
    throw new UsageError(
      'step: more than 5000 side races in the session; use a longer step',
      'step',
    )
  const all = toModelBars(data)
  const bars = all.filter((b) => b.ts >= o.from && b.ts < o.to)
  if (bars.length === 0)
    throw new UsageError(`from: no bars between ${isoUtc(o.from)} and ${isoUtc(o.to)}`, 'from')
  const warm = all.filter((b) => b.ts < o.from)
  const notes: string[] = []
  if (warm.length < 48)
    notes.push(
      `only ${warm.length} bars before --from warmed the model up: the map at the start holds little`,
    )
  const model = new LiquidationModel(o.params)
  for (const b of warm) model.append(b)
  const start = model.clusters({ filter })
  const mapAtStart = model.map({ filter })
  const p0 = warm.length ? warm[warm.length - 1].close : bars[0].open

  const outs = start.all.map((c) => levelOutcome(bars, 0, c.side, c.peakPrice, x, n))
  const clusters = start.all.map((c, k): ClusterOutcome => {
    const r = outs[k]
    const j = r.sweepIndex
    return {
      cluster: c,
      outcome: r.outcome,
      sweptAt: j !== undefined ? bars[j].ts : null,
      outcomeAt: j !== undefined && r.outcomeBars !== undefined ? bars[j + r.outcomeBars].ts : null,
    }
  })
  const sweeps = rates(outs)

  // Trials: the map at the open of the first bar of each step.
  const trials: { t: Trial; i: number }[] = []
  let nextTrial = o.from
  for (let i = 0; i < bars.length; i++) {
    if (bars[i].ts >= nextTrial) {
      const r = i === 0 ? start : model.clusters({ filter })
      const t = trialAt(r, bars[i].ts, bars, i)
      if (t) trials.push({ t, i })
      nextTrial = bars[i].ts - ((bars[i].ts - o.from) % step) + step
    }
    model.append(bars[i])
  }
  const resolved = trials.filter(({ t }) => t.first === 'above' || t.first === 'below')
  const nearer = rate(resolved.filter(({ t }) => t.first === t.nearer).length, resolved.length)
  const heavier = rate(resolved.filter(({ t }) => t.first === t.heavier).length, resolved.length)

  // Baselines: random levels at the same distances, on a random side.
  const rnd = seededRandom(seed)
  const bSwept: (number | null)[] = []
  const bRev: (number | null)[] = []
  const bCont: (number | null)[] = []
  const bNear: (number | null)[] = []
  const bHeavy: (number | null)[] = []
  for (let d = 0; d < draws; d++) {
    const levels: Level[] = start.all.map((c) => {
      const dist = Math.abs(c.peakPrice - p0) / p0
      return rnd() < 0.5
        ? { side: 'long', price: p0 * (1 - dist) }
        : { side: 'short', price: p0 * (1 + dist) }
    })
    const r = rates(levels.map((l) => levelOutcome(bars, 0, l.side, l.price, x, n)))
    bSwept.push(r.swept.rate)
    bRev.push(r.reversal.rate)
    bCont.push(r.continuation.rate)
    let nHits = 0
    let hHits = 0
    let of = 0
    for (const { t, i } of trials) {
      const dA = Math.abs(t.above.distancePct) / 100
      const dB = Math.abs(t.below.distancePct) / 100
      const swap = rnd() < 0.5
      const up = t.price * (1 + (swap ? dB : dA))
      const down = t.price * (1 - (swap ? dA : dB))
      const heavySide = rnd() < 0.5 ? 'above' : 'below'
      const first = firstTouch(bars, i, up, down)
      if (first !== 'above' && first !== 'below') continue
      of++
      const nearSide = up / t.price - 1 <= 1 - down / t.price ? 'above' : 'below'
      if (first === nearSide) nHits++
      if (first === heavySide) hHits++
    }
    bNear.push(of > 0 ? nHits / of : null)
    bHeavy.push(of > 0 ? hHits / of : null)
  }
  const last = bars[bars.length - 1]
  return {
    estimated: true,
    symbol: data.symbol,
    timeframeMs: data.timeframeMs,
    from: o.from,
    to: o.to,
    method: {
      reversalPct: x * 100,
      reversalBars: n,
      stepHours: step / HOUR,
      seed,
      draws,
      warmupBars: warm.length,
    },
    notes,
    session: {
      bars: bars.length,
      open: bars[0].open,
      high: Math.max(...bars.map((b) => b.high)),
      low: Math.min(...bars.map((b) => b.low)),
      close: last.close,
    },
    start: {
      at: o.from,
      price: start.price || p0,
      asymmetryRatio: Number.isFinite(start.asymmetry.ratio) ? start.asymmetry.ratio : null,
      clusters,
    },
    sweeps,
    sweepsBaseline: {
      swept: baselineRate(bSwept, sweeps.swept.rate),
      reversal: baselineRate(bRev, sweeps.reversal.rate),
      continuation: baselineRate(bCont, sweeps.continuation.rate),
    },
    sideFirst: { trials: trials.map(({ t }) => t), nearer, heavier },
    sideFirstBaseline: {
      nearer: baselineRate(bNear, nearer.rate),
      heavier: baselineRate(bHeavy, heavier.rate),
    },
    path: downsample(bars, 600),
    mapAtStart: {
      priceMin: mapAtStart.priceMin,
      step: mapAtStart.step,
      long: mapAtStart.long,
      short: mapAtStart.short,
    },
  }
}
