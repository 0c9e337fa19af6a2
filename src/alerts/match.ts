/**
 * Cluster identity between bars and the shared pieces of the rules: spans, matching, armed-off
 * de-duplication, the filter a rule selects, and message formatting.
 * @module
 */
import type { Side, Venue } from '../core/types.ts'
import type { Cluster, ModelFilter } from '../model/types.ts'
import type { ClusterRef, SideChoice } from './types.ts'

/** A cluster remembered between bars: its side, span and peak. */
export interface Span {
  readonly side: Side
  readonly lo: number
  readonly hi: number
  readonly peak: number
}

export interface Tracked extends Span {
  /** Notional at the last bar, and the largest seen while tracked (USD, estimated). */
  readonly usd: number
  readonly maxUsd: number
}

export const price = (p: number): string =>
  p.toLocaleString('en-US', { maximumFractionDigits: p >= 1000 ? 0 : 2 })
export const spanText = (c: ClusterRef): string =>
  `${c.side} cluster ${price(c.priceLow)}–${price(c.priceHigh)}`

export function ruleFilter(rule: {
  readonly exchanges?: readonly Venue[]
  readonly leverage?: readonly number[]
}): ModelFilter {
  return {
    ...(rule.exchanges ? { venues: [...rule.exchanges] } : {}),
    ...(rule.leverage ? { leverages: [...rule.leverage] } : {}),
  }
}

export function ref(c: Cluster): ClusterRef {
  return {
    side: c.side,
    priceLow: c.priceLow,
    priceHigh: c.priceHigh,
    peakPrice: c.peakPrice,
    notionalUsd: c.notionalUsd,
  }
}

export function sideMatches(choice: SideChoice, side: Side): boolean {
  return choice === 'any' || choice === side
}

/**
 * The same cluster as a bar ago: same side, and one's peak inside the other's span (clusters
 * drift and shrink bar to bar; neighbours share an edge but not a peak).
 */
export function sameCluster(a: Span, c: ClusterRef): boolean {
  if (a.side !== c.side) return false
  return (
    (c.peakPrice >= a.lo && c.peakPrice <= a.hi) || (a.peak >= c.priceLow && a.peak <= c.priceHigh)
  )
}

export function spanOf(c: ClusterRef): Span {
  return { side: c.side, lo: c.priceLow, hi: c.priceHigh, peak: c.peakPrice }
}

/** Distance from price to the cluster's span (0 inside it), in USD. */
export function spanDistance(p: number, c: ClusterRef): number {
  return p < c.priceLow ? c.priceLow - p : p > c.priceHigh ? p - c.priceHigh : 0
}

/**
 * Fires for each qualifying cluster not matched by an armed-off span; keeps armed off the spans
 * still matched by a cluster in `keep` (a superset of `fire`).
 */
export function armed(
  prev: readonly Span[] | undefined,
  fire: readonly ClusterRef[],
  keep: readonly ClusterRef[],
): { fresh: ClusterRef[]; active: Span[] } {
  const active: Span[] = []
  for (const a of prev ?? []) {
    const c = keep.find((k) => sameCluster(a, k))
    if (c && !active.some((x) => sameCluster(x, c))) active.push(spanOf(c))
  }
  const fresh: ClusterRef[] = []
  for (const c of fire) {
    if (active.some((a) => sameCluster(a, c))) continue
    fresh.push(c)
    active.push(spanOf(c))
  }
  return { fresh, active }
}
