/**
 * The `swept` rule. Clusters are followed from bar to bar (matched by `sameCluster`, so a cluster
 * being eaten from one side, or merging with a neighbour, stays the same cluster) with the peak of
 * their largest observation: price eats a cluster gradually and its current peak drifts ahead of
 * price, so "swept" means price traded through the peak the cluster had at its largest.
 * @module
 */
import type { Side } from '../core/types.ts'
import { formatUsd } from '../render/format.ts'
import type { Evaluation, RuleState } from './evaluate.ts'
import {
  price,
  ref,
  ruleFilter,
  sameCluster,
  sideMatches,
  spanOf,
  spanText,
  type Tracked,
} from './match.ts'
import type { MarketSnapshot } from './snapshot.ts'
import type { ClusterRef, Firing, SweptRule } from './types.ts'

function crossed(s: MarketSnapshot, side: Side, peak: number): boolean {
  return side === 'long' ? s.low <= peak : s.high >= peak
}

function sweptFiring(s: MarketSnapshot, c: ClusterRef, largestUsd?: number): Firing {
  const usd =
    c.notionalUsd !== undefined
      ? `, ≈${formatUsd(c.notionalUsd)}${largestUsd !== undefined && largestUsd > c.notionalUsd * 1.05 ? ` (≈${formatUsd(largestUsd)} at its largest)` : ''}`
      : ''
  return {
    key: `swept:${c.side}:${Math.round(c.peakPrice)}:${s.barTs}`,
    kind: 'swept',
    at: s.at,
    price: s.close,
    cluster: c,
    message: `${s.symbol} swept the ${spanText(c)} (peak ${price(c.peakPrice)}${usd}, estimated): bar ${c.side === 'long' ? `low ${price(s.low)}` : `high ${price(s.high)}`}, close ${price(s.close)}`,
    detail: { low: s.low, high: s.high, largestUsd: largestUsd ?? c.notionalUsd ?? null },
  }
}

export function evalSwept(rule: SweptRule, st: RuleState, s: MarketSnapshot): Evaluation {
  if (rule.target) {
    const t = rule.target
    return { state: {}, firings: crossed(s, t.side, t.peakPrice) ? [sweptFiring(s, t)] : [] }
  }
  const firings: Firing[] = []
  const kept: Tracked[] = []
  for (const t of st.tracked ?? []) {
    if (!crossed(s, t.side, t.peak)) kept.push(t)
    else if (t.maxUsd >= rule.minUsd)
      firings.push(
        sweptFiring(
          s,
          { side: t.side, priceLow: t.lo, priceHigh: t.hi, peakPrice: t.peak, notionalUsd: t.usd },
          t.maxUsd,
        ),
      )
  }
  const report = s.clusters(ruleFilter(rule))
  const all = report.all.filter((c) => sideMatches(rule.side, c.side))
  const next: Tracked[] = []
  for (const t of kept) {
    const c = all.find((x) => sameCluster(t, ref(x)))
    if (!c) continue // gone without being crossed (decayed, or closed by falling open interest)
    const grew = c.notionalUsd >= t.maxUsd
    next.push({
      side: t.side,
      lo: c.priceLow,
      hi: c.priceHigh,
      peak: grew ? c.peakPrice : t.peak,
      usd: c.notionalUsd,
      maxUsd: Math.max(t.maxUsd, c.notionalUsd),
    })
  }
  for (const c of all) {
    if (c.notionalUsd < rule.minUsd || next.some((t) => sameCluster(t, ref(c)))) continue
    next.push({ ...spanOf(ref(c)), usd: c.notionalUsd, maxUsd: c.notionalUsd })
  }
  next.sort((a, b) => Math.abs(a.peak - s.close) - Math.abs(b.peak - s.close))
  return { state: { tracked: next.slice(0, 60) }, firings }
}
