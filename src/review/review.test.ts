import { describe, expect, it } from 'vitest'
import { scenario } from '../../test/workflow/scenario.ts'
import { renderReviewHtml } from './html.ts'
import { baselineRate, firstTouch, levelOutcome, type PriceBar } from './outcome.ts'
import { computeReview } from './review.ts'

/** Bars from [low, high] pairs (close = mid). */
function bars(...lh: [number, number][]): PriceBar[] {
  return lh.map(([l, h], i) => ({ ts: i, low: l, high: h, close: (l + h) / 2 }))
}

describe('levelOutcome', () => {
  it('finds the sweep of a long level and what came first after it', () => {
    // level 100, x = 1 %: reversal at ≥ 101, continuation at ≤ 99
    const b = bars([102, 103], [100.5, 102], [99.8, 100.6], [99.9, 100.4], [100.2, 101.2], [98, 99])
    expect(levelOutcome(b, 0, 'long', 100, 0.01, 5)).toEqual({
      outcome: 'reversal',
      sweepIndex: 2,
      outcomeBars: 2,
    })
    expect(levelOutcome(b, 0, 'long', 100, 0.01, 1)).toEqual({ outcome: 'neither', sweepIndex: 2 })
    const down = bars([100.5, 101], [99.5, 100.5], [98.9, 99.6])
    expect(levelOutcome(down, 0, 'long', 100, 0.01, 3).outcome).toBe('continuation')
    const both = bars([99.5, 100.5], [98.5, 101.5])
    expect(levelOutcome(both, 0, 'long', 100, 0.01, 3).outcome).toBe('ambiguous')
    expect(levelOutcome(bars([99.5, 100.5], [99.6, 100.2]), 0, 'long', 100, 0.01, 3).outcome).toBe(
      'unresolved',
    )
    expect(levelOutcome(bars([101, 102]), 0, 'long', 100, 0.01, 3).outcome).toBe('unswept')
  })

  it('mirrors for a short level (swept by highs, reversal downward)', () => {
    const b = bars([99, 99.5], [99.4, 100.1], [98.8, 99.6])
    expect(levelOutcome(b, 0, 'short', 100, 0.01, 3)).toEqual({
      outcome: 'reversal',
      sweepIndex: 1,
      outcomeBars: 1,
    })
  })
})

describe('firstTouch and baselineRate', () => {
  it('says which level price reached first', () => {
    const b = bars([99, 101], [98, 100], [99, 103])
    expect(firstTouch(b, 0, 102, 97)).toBe('above')
    expect(firstTouch(b, 0, 104, 98.5)).toBe('below')
    expect(firstTouch(b, 0, 100.5, 99.5)).toBe('both')
    expect(firstTouch(b, 0, 110, 90)).toBe('neither')
  })

  it('summarises draws: mean, 5th/95th percentile and the shares at or beyond the map', () => {
    const draws = Array.from({ length: 101 }, (_, i) => i / 100)
    const r = baselineRate([...draws, null], 0.9)
    expect(r.draws).toBe(102)
    expect(r.mean).toBeCloseTo(0.5, 12)
    expect(r.p5).toBeCloseTo(0.05, 12)
    expect(r.p95).toBeCloseTo(0.95, 12)
    expect(r.atLeastMap).toBeCloseTo(11 / 101, 12)
    expect(r.atMostMap).toBeCloseTo(91 / 101, 12)
    expect(baselineRate([null], 0.5).mean).toBeNull()
  })
})

describe('computeReview on a slide through long clusters and a climb through shorts', () => {
  const data = scenario()
  const from = data.bars[720].ts
  const to = data.bars[1008 - 1].ts + data.timeframeMs
  const report = computeReview(data, { from, to, seed: 7, draws: 100 })
  const session = data.bars.filter((b) => b.ts >= from && b.ts < to)

  it('follows each start cluster through the session (checked against the bars directly)', () => {
    expect(report.start.clusters.length).toBeGreaterThanOrEqual(4)
    for (const c of report.start.clusters) {
      const k = session.findIndex((b) =>
        c.cluster.side === 'long' ? b.low <= c.cluster.peakPrice : b.high >= c.cluster.peakPrice,
      )
      expect(c.sweptAt).toBe(k < 0 ? null : session[k].ts)
      expect(c.outcome === 'unswept').toBe(k < 0)
    }
    const swept = report.start.clusters.filter((c) => c.sweptAt !== null)
    expect(new Set(swept.map((c) => c.cluster.side))).toEqual(new Set(['long', 'short']))
    expect(report.sweeps.swept).toEqual({
      hits: swept.length,
      of: report.start.clusters.length,
      rate: swept.length / report.start.clusters.length,
    })
  })

  it('runs one side race per hour and counts them', () => {
    const t = report.sideFirst.trials
    expect(t.length).toBe(24)
    expect(t.map((x) => x.at)).toEqual(Array.from({ length: 24 }, (_, k) => from + k * 3_600_000))
    const resolved = t.filter((x) => x.first === 'above' || x.first === 'below')
    expect(report.sideFirst.nearer.of).toBe(resolved.length)
    expect(report.sideFirst.nearer.hits).toBe(resolved.filter((x) => x.first === x.nearer).length)
  })

  it('the baseline is seeded: same seed, same numbers; another seed, other draws', () => {
    const again = computeReview(data, { from, to, seed: 7, draws: 100 })
    expect(again.sideFirstBaseline).toEqual(report.sideFirstBaseline)
    const other = computeReview(data, { from, to, seed: 8, draws: 100 })
    expect(other.sideFirstBaseline.nearer.mean).not.toBe(report.sideFirstBaseline.nearer.mean)
    expect(report.sweepsBaseline.swept.draws).toBe(100)
  })

  it('renders one self-contained HTML page with the same numbers', () => {
    const html = renderReviewHtml(report)
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(/i)
    // the only URL is the SVG namespace (an identifier, not fetched)
    expect(
      html.match(/https?:\/\/[^"\s]+/g)?.every((u) => u === 'http://www.w3.org/2000/svg'),
    ).toBe(true)
    expect((html.match(/<svg /g) ?? []).length).toBe(2)
    expect(html).toContain(`${report.sweeps.swept.hits} of ${report.sweeps.swept.of}`)
    expect(html).toContain('estimated')
  })

  it('refuses an empty session naming the parameter', () => {
    expect(() => computeReview(data, { from: to + 1e9, to: to + 2e9 })).toThrow(/from: no bars/)
  })
})
