import { describe, expect, it } from 'vitest'
import { carryOverGap, evaluateMarketRule, evaluateStaleRule, type RuleState } from './evaluate.ts'
import { parseRuleSpec } from './schema.ts'
import { BASE_TS, BAR_MS, fakeSnapshot, type FakeBar } from './test-snapshot.ts'
import type { AlertRule, Firing, StaleRule } from './types.ts'

function rule(spec: Record<string, unknown>): AlertRule {
  return { ...parseRuleSpec({ symbol: 'BTCUSDT', ...spec }), id: 'r_0', createdAt: 0, updatedAt: 0 }
}

/** Runs the rule over the bars; returns the firings per bar. */
function run(r: AlertRule, bars: FakeBar[], start: RuleState = {}): Firing[][] {
  let st = start
  return bars.map((b) => {
    const ev = evaluateMarketRule(r, st, fakeSnapshot(b))
    st = ev.state
    return ev.firings
  })
}

const LONG: ['long', number, number, number, number] = ['long', 98_000, 98_500, 99_000, 20e6]

describe('near', () => {
  const near = rule({ kind: 'near', withinPct: 0.5, minUsd: 10e6 })

  it('fires once when price comes within the distance, again only after it moved away', () => {
    const out = run(near, [
      { i: 0, low: 99_900, high: 100_100, close: 100_000, clusters: [LONG] }, // 1.01 % away
      { i: 1, low: 99_350, high: 99_900, close: 99_400, clusters: [LONG] }, // 0.40 %
      {
        i: 2,
        low: 99_250,
        high: 99_450,
        close: 99_300,
        clusters: [['long', 98_000, 98_400, 99_000, 18e6]],
      },
      { i: 3, low: 99_300, high: 100_600, close: 100_500, clusters: [LONG] }, // 1.49 % > 2 × 0.5 %
      { i: 4, low: 99_400, high: 100_500, close: 99_450, clusters: [LONG] },
    ])
    expect(out.map((f) => f.length)).toEqual([0, 1, 0, 0, 1])
    const f = out[1][0]
    expect(f.key).toBe(`near:long:98500:${BASE_TS + BAR_MS}`)
    expect(f.message).toMatch(/0\.40 %/)
    expect(f.detail.distanceUsd).toBeCloseTo(400, 6)
    expect(f.at).toBe(BASE_TS + 2 * BAR_MS)
    expect(out[4][0].key).not.toBe(f.key)
  })

  it('treats a neighbour sharing an edge as another cluster', () => {
    const below: ['long', number, number, number, number] = ['long', 97_000, 97_500, 98_000, 15e6]
    const out = run(near, [
      { i: 0, low: 99_000, high: 99_500, close: 99_300, clusters: [LONG, below] },
      {
        i: 1,
        low: 98_400,
        high: 99_000,
        close: 98_450,
        clusters: [['long', 98_000, 98_200, 98_400, 12e6], below],
      },
    ])
    expect(out[0].map((f) => f.cluster?.peakPrice)).toEqual([98_500])
    expect(out[1].map((f) => f.cluster?.peakPrice)).toEqual([97_500])
  })

  it('ignores clusters under minUsd and of the other side; withinUsd is in dollars', () => {
    const small = rule({ kind: 'near', withinPct: 0.5, minUsd: 30e6 })
    expect(
      run(small, [{ i: 0, low: 99_300, high: 99_500, close: 99_400, clusters: [LONG] }])[0],
    ).toEqual([])
    const shorts = rule({ kind: 'near', side: 'short', withinPct: 0.5, minUsd: 0 })
    expect(
      run(shorts, [{ i: 0, low: 99_300, high: 99_500, close: 99_400, clusters: [LONG] }])[0],
    ).toEqual([])
    const usd = rule({ kind: 'near', withinUsd: 300, minUsd: 0 })
    const out = run(usd, [
      { i: 0, low: 99_300, high: 99_500, close: 99_400, clusters: [LONG] },
      { i: 1, low: 99_200, high: 99_400, close: 99_250, clusters: [LONG] },
    ])
    expect(out.map((f) => f.length)).toEqual([0, 1])
  })
})

describe('swept', () => {
  const swept = rule({ kind: 'swept', minUsd: 40e6 })

  it('fires when price trades through the peak the cluster had at its largest', () => {
    const out = run(swept, [
      {
        i: 0,
        low: 99_800,
        high: 100_100,
        close: 100_000,
        clusters: [['long', 98_000, 98_500, 99_000, 50e6]],
      },
      // price eats the top of the cluster; its current peak drifts down ahead of price
      {
        i: 1,
        low: 98_800,
        high: 99_900,
        close: 98_900,
        clusters: [['long', 98_000, 98_300, 98_800, 30e6]],
      },
      {
        i: 2,
        low: 98_450,
        high: 98_950,
        close: 98_600,
        clusters: [['long', 98_000, 98_200, 98_450, 15e6]],
      },
      { i: 3, low: 97_900, high: 98_600, close: 98_000, clusters: [] },
    ])
    expect(out.map((f) => f.length)).toEqual([0, 0, 1, 0])
    const f = out[2][0]
    expect(f.cluster?.peakPrice).toBe(98_500)
    expect(f.detail.largestUsd).toBe(50e6)
    expect(f.cluster?.notionalUsd).toBe(30e6)
    expect(f.message).toMatch(/low 98,450/)
  })

  it('does not fire for a cluster that never reached minUsd, nor for one that vanished unswept', () => {
    const out = run(swept, [
      {
        i: 0,
        low: 99_800,
        high: 100_100,
        close: 100_000,
        clusters: [['long', 98_000, 98_500, 99_000, 30e6]],
      },
      { i: 1, low: 98_000, high: 99_900, close: 98_100, clusters: [] },
    ])
    expect(out.flat()).toEqual([])
    const gone = run(swept, [
      {
        i: 0,
        low: 99_800,
        high: 100_100,
        close: 100_000,
        clusters: [['long', 98_000, 98_500, 99_000, 50e6]],
      },
      { i: 1, low: 99_700, high: 100_000, close: 99_800, clusters: [] },
      { i: 2, low: 98_000, high: 99_800, close: 98_100, clusters: [] },
    ])
    expect(gone.flat()).toEqual([])
  })

  it('short clusters are swept by the high; a target fires when its peak trades', () => {
    const out = run(swept, [
      {
        i: 0,
        low: 99_900,
        high: 100_100,
        close: 100_000,
        clusters: [['short', 101_000, 101_500, 102_000, 45e6]],
      },
      { i: 1, low: 100_000, high: 101_520, close: 101_400, clusters: [] },
    ])
    expect(out[1].map((f) => f.key)).toEqual([`swept:short:101500:${BASE_TS + BAR_MS}`])
    const target = rule({
      kind: 'swept',
      target: {
        side: 'long',
        priceLow: 95_000,
        priceHigh: 96_000,
        peakPrice: 95_500,
        notionalUsd: 1e6,
      },
    })
    const t = run(target, [
      { i: 0, low: 95_600, high: 96_100, close: 96_000, clusters: [] },
      { i: 1, low: 95_499, high: 96_000, close: 95_700, clusters: [] },
    ])
    expect(t.map((f) => f.length)).toEqual([0, 1])
  })

  it('a gap drops the tracked clusters (price may have moved through them unseen)', () => {
    const state: RuleState = {
      tracked: [{ side: 'long', lo: 98_000, hi: 99_000, peak: 98_500, usd: 5e7, maxUsd: 5e7 }],
      active: [{ side: 'long', lo: 1, hi: 2, peak: 1.5 }],
    }
    expect(carryOverGap(state)).toEqual({ active: state.active })
  })
})

describe('fresh', () => {
  const fresh = rule({ kind: 'fresh', minUsd: 10e6, growthPct: 100, hours: 6 })
  const c: ['long', number, number, number, number] = ['long', 97_000, 97_500, 98_000, 12e6]

  it('fires when the span grew by growthPct over the hours, once per cluster', () => {
    const out = run(fresh, [
      { i: 0, low: 99_000, high: 99_500, close: 99_300, clusters: [c], spanAgo: 'none' },
      {
        i: 1,
        low: 99_000,
        high: 99_500,
        close: 99_300,
        clusters: [c],
        spanNow: { 'long:97000': 12e6 },
        spanAgo: { 'long:97000': 7e6 },
      },
      {
        i: 2,
        low: 99_000,
        high: 99_500,
        close: 99_300,
        clusters: [c],
        spanNow: { 'long:97000': 12e6 },
        spanAgo: { 'long:97000': 4e6 },
      },
      {
        i: 3,
        low: 99_000,
        high: 99_500,
        close: 99_300,
        clusters: [c],
        spanNow: { 'long:97000': 13e6 },
        spanAgo: { 'long:97000': 4e6 },
      },
    ])
    expect(out.map((f) => f.length)).toEqual([0, 0, 1, 0])
    expect(out[2][0].detail.growthPct).toBeCloseTo(200, 9)
    expect(out[2][0].message).toMatch(/grew from ≈\$4M to ≈\$12M \(\+200 %\) in 6 h/)
  })

  it('a cluster where nothing stood N hours ago has formed', () => {
    const out = run(fresh, [
      {
        i: 0,
        low: 99_000,
        high: 99_500,
        close: 99_300,
        clusters: [c],
        spanNow: { 'long:97000': 12e6 },
        spanAgo: {},
      },
    ])
    expect(out[0][0].message).toMatch(/formed/)
    expect(out[0][0].detail.growthPct).toBeNull()
  })
})

describe('asymmetry', () => {
  const bars = (ratios: number[]): FakeBar[] =>
    ratios.map((ratio, i) => ({
      i,
      low: 99_000,
      high: 100_000,
      close: 99_500,
      clusters: [],
      ratio,
    }))

  it('fires on each crossing of the ratio, not on the first observation', () => {
    const out = run(rule({ kind: 'asymmetry', ratio: 2 }), bars([3, 1, 2, 2.5, 1.5]))
    expect(out.map((f) => f.map((x) => x.detail.direction))).toEqual([
      [],
      ['down'],
      ['up'],
      [],
      ['down'],
    ])
  })

  it('direction up ignores downward crossings', () => {
    const out = run(rule({ kind: 'asymmetry', ratio: 2, direction: 'up' }), bars([1, 3, 1, 3]))
    expect(out.map((f) => f.length)).toEqual([0, 1, 0, 1])
  })
})

describe('stale', () => {
  it('fires when the data age passes afterSec, re-arms when data flows again', () => {
    const r = rule({ kind: 'stale', afterSec: 30 }) as StaleRule & AlertRule
    let st: RuleState = {}
    const fired = [10_000, 40_000, 50_000, 5_000, 31_000].map((ageMs, k) => {
      const ev = evaluateStaleRule(r, st, { symbol: 'BTCUSDT', at: 1000 * k, ageMs })
      st = ev.state
      return ev.firings.length
    })
    expect(fired).toEqual([0, 1, 0, 0, 1])
  })
})
