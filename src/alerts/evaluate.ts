/**
 * Rule evaluation: pure functions from (rule, previous state, snapshot) to (next state, firings).
 * De-duplication lives in the state: a cluster that already fired a `near` or `fresh` alert stays
 * "armed off" while it keeps qualifying (near: within twice the distance), matched bar to bar by
 * `sameCluster`; rules comparing with the previous bar (swept, asymmetry) only compare when the
 * previous observation was the previous bar, so a gap never fires on stale state. Each firing's key
 * is derived from the rule's condition and the bar time, so re-evaluating the same bar (after a
 * crash) yields the same keys and the store ignores them.
 * @module
 */
import { formatUsd } from '../render/format.ts'
import {
  armed,
  price,
  ref,
  ruleFilter,
  sideMatches,
  spanDistance,
  spanText,
  type Span,
  type Tracked,
} from './match.ts'
import type { FreshnessSnapshot, MarketSnapshot } from './snapshot.ts'
import { evalSwept } from './swept.ts'
import type {
  AlertRule,
  AsymmetryRule,
  ClusterRef,
  Firing,
  FreshRule,
  NearRule,
  StaleRule,
} from './types.ts'

export { ruleFilter, spanDistance } from './match.ts'

/** Per-rule state between observations (stored as JSON). */
export interface RuleState {
  /** Clusters that fired and are still qualifying (near, fresh). */
  active?: Span[]
  /** Clusters followed until price trades through them (swept). */
  tracked?: Tracked[]
  /** Which side of the threshold the ratio was on (asymmetry). */
  above?: boolean
  /** Whether the data is stale now (stale). */
  stale?: boolean
}

export interface Evaluation {
  readonly state: RuleState
  readonly firings: Firing[]
}

function evalNear(rule: NearRule, st: RuleState, s: MarketSnapshot): Evaluation {
  const report = s.clusters(ruleFilter(rule))
  const limit = (): number => rule.withinUsd ?? ((rule.withinPct ?? 0) / 100) * s.close
  const candidates = report.all
    .filter((c) => sideMatches(rule.side, c.side) && c.notionalUsd >= rule.minUsd)
    .map(ref)
  const within = candidates.filter((c) => spanDistance(s.close, c) <= limit())
  const nearish = candidates.filter((c) => spanDistance(s.close, c) <= 2 * limit())
  const { fresh, active } = armed(st.active, within, nearish)
  const firings = fresh.map((c): Firing => {
    const d = spanDistance(s.close, c)
    const pct = (d / s.close) * 100
    return {
      key: `near:${c.side}:${Math.round(c.peakPrice)}:${s.barTs}`,
      kind: 'near',
      at: s.at,
      price: s.close,
      cluster: c,
      message: `${s.symbol} ${price(s.close)} is ${pct.toFixed(2)} % from the ${spanText(c)} (≈${formatUsd(c.notionalUsd ?? 0)}, estimated)`,
      detail: { distanceUsd: d, distancePct: pct },
    }
  })
  return { state: { active }, firings }
}

function evalFresh(rule: FreshRule, st: RuleState, s: MarketSnapshot): Evaluation {
  const filter = ruleFilter(rule)
  const report = s.clusters(filter)
  const qualifying: { c: ClusterRef; then: number; now: number; growth: number }[] = []
  for (const cl of report.all) {
    if (!sideMatches(rule.side, cl.side) || cl.notionalUsd < rule.minUsd) continue
    const c = ref(cl)
    const then = s.spanUsdAgo(rule.hours, c.side, c.priceLow, c.priceHigh, filter)
    if (then === undefined) return { state: st, firings: [] } // not enough history yet
    const now = s.spanUsd(c.side, c.priceLow, c.priceHigh, filter)
    const growth = then > 0 ? ((now - then) / then) * 100 : Number.POSITIVE_INFINITY
    if (growth >= rule.growthPct) qualifying.push({ c, then, now, growth })
  }
  const cs = qualifying.map((q) => q.c)
  const { fresh, active } = armed(st.active, cs, cs)
  const firings = fresh.map((c): Firing => {
    const q = qualifying.find((x) => x.c === c)
    const then = q?.then ?? 0
    const now = q?.now ?? 0
    const growth = q?.growth ?? 0
    const how = Number.isFinite(growth)
      ? `grew from ≈${formatUsd(then)} to ≈${formatUsd(now)} (+${growth.toFixed(0)} %)`
      : `formed (≈${formatUsd(now)}; nothing there ${rule.hours} h ago)`
    return {
      key: `fresh:${c.side}:${Math.round(c.peakPrice)}:${s.barTs}`,
      kind: 'fresh',
      at: s.at,
      price: s.close,
      cluster: c,
      message: `${s.symbol}: the ${spanText(c)} ${how} in ${rule.hours} h (estimated)`,
      detail: {
        usdThen: then,
        usdNow: now,
        growthPct: Number.isFinite(growth) ? growth : null,
        hours: rule.hours,
      },
    }
  })
  return { state: { active }, firings }
}

function evalAsymmetry(rule: AsymmetryRule, st: RuleState, s: MarketSnapshot): Evaluation {
  const a = s.clusters(ruleFilter(rule), rule.windowPct).asymmetry
  const above = a.ratio >= rule.ratio
  const firings: Firing[] = []
  if (st.above !== undefined && st.above !== above) {
    const dir = above ? 'up' : 'down'
    if (rule.direction === 'both' || rule.direction === dir) {
      const r = Number.isFinite(a.ratio) ? a.ratio.toFixed(2) : '∞'
      firings.push({
        key: `asymmetry:${dir}:${s.barTs}`,
        kind: 'asymmetry',
        at: s.at,
        price: s.close,
        message: `${s.symbol} asymmetry crossed ${dir === 'up' ? 'above' : 'below'} ${rule.ratio}: longs below ≈${formatUsd(a.longBelowUsd)} / shorts above ≈${formatUsd(a.shortAboveUsd)} = ${r} within ±${a.windowPct} % (estimated)`,
        detail: {
          ratio: Number.isFinite(a.ratio) ? a.ratio : null,
          longBelowUsd: a.longBelowUsd,
          shortAboveUsd: a.shortAboveUsd,
          direction: dir,
        },
      })
    }
  }
  return { state: { above }, firings }
}

/**
 * What carries over to a bar that does not follow the last observed one (a gap, a restart after
 * downtime): the armed-off spans, not the tracked clusters or the ratio's side (price may have
 * moved through them unseen).
 */
export function carryOverGap(state: RuleState): RuleState {
  return {
    ...(state.active ? { active: state.active } : {}),
    ...(state.stale !== undefined ? { stale: state.stale } : {}),
  }
}

/** Evaluates a market rule (every kind except `stale`) on one closed bar. */
export function evaluateMarketRule(
  rule: AlertRule,
  state: RuleState,
  s: MarketSnapshot,
): Evaluation {
  switch (rule.kind) {
    case 'near':
      return evalNear(rule, state, s)
    case 'swept':
      return evalSwept(rule, state, s)
    case 'fresh':
      return evalFresh(rule, state, s)
    case 'asymmetry':
      return evalAsymmetry(rule, state, s)
    case 'stale':
      return { state, firings: [] }
  }
}

/** Evaluates a `stale` rule on a freshness check: fires when the data turns stale, re-arms when fresh. */
export function evaluateStaleRule(
  rule: StaleRule,
  state: RuleState,
  f: FreshnessSnapshot,
): Evaluation {
  const stale = f.ageMs > rule.afterSec * 1000
  const firings: Firing[] = []
  if (stale && !state.stale)
    firings.push({
      key: `stale:${f.at}`,
      kind: 'stale',
      at: f.at,
      price: f.price ?? 0,
      message: `${f.symbol}: no data for ${Math.round(f.ageMs / 1000)} s (limit ${rule.afterSec} s)${f.reason ? ` — ${f.reason}` : ''}`,
      detail: { ageMs: f.ageMs, afterSec: rule.afterSec },
    })
  return { state: { stale }, firings }
}
