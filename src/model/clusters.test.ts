import { describe, expect, it } from 'vitest'
import { autoRoundStep, segments } from './clusters.ts'
import { LiquidationModel } from './model.ts'

describe('segments', () => {
  it('splits two peaks separated by a deep valley and keeps a shallow dip together', () => {
    const two = Float64Array.from([0, 1, 5, 9, 5, 1, 0.5, 2, 8, 3, 0])
    expect(segments(two, 0.5).map((s) => s.peak)).toEqual([3, 8])
    const one = Float64Array.from([0, 2, 9, 7, 8, 2, 0])
    expect(segments(one, 0.5).map((s) => s.peak)).toEqual([2])
  })
  it('ignores everything below the floor', () => {
    expect(segments(Float64Array.from([0.1, 0.2, 0.1]), 1)).toEqual([])
  })
})

describe('clusters', () => {
  const bar = (i: number, price: number, oi: number) => ({
    ts: Date.UTC(2025, 0, 1) + i * 3_600_000,
    open: price,
    high: price * 1.001,
    low: price * 0.999,
    close: price,
    oi,
  })

  it('finds long clusters below and short clusters above price, nearest first, with their sizes', () => {
    const m = new LiquidationModel({
      leverages: [10, 50],
      leverageWeights: [0.5, 0.5],
      levelSpread: 0,
    })
    // Open interest builds at a flat 100,000: 10× and 50× levels form four clusters.
    for (let i = 0; i < 20; i++) m.append(bar(i, 100_000, 1000 + i * 10))
    const r = m.clusters({ rangePct: 15 })
    expect(r.price).toBe(100_000)
    expect(r.below.length).toBeGreaterThanOrEqual(2)
    expect(r.above.length).toBeGreaterThanOrEqual(2)
    // Nearest first: the 50× cluster (~2 % away) before the 10× cluster (~10 % away).
    expect(r.below[0].peakPrice).toBeGreaterThan(r.below[1].peakPrice)
    expect(r.below[0].distancePct).toBeGreaterThan(-3)
    expect(r.below[1].distancePct).toBeLessThan(-8)
    expect(r.above[0].peakPrice).toBeLessThan(r.above[1].peakPrice)
    for (const c of [...r.below, ...r.above]) {
      expect(c.notionalUsd).toBeGreaterThan(0)
      expect(c.priceLow).toBeLessThanOrEqual(c.peakPrice)
      expect(c.peakPrice).toBeLessThanOrEqual(c.priceHigh)
      expect(c.freshShare).toBeGreaterThan(0.9) // all seeded within 24 h
    }
    expect(r.asymmetry.ratio).toBeGreaterThan(0)
  })

  it('tracks age, freshness and growth: old clusters are stale and shrinking', () => {
    const m = new LiquidationModel({
      leverages: [25],
      leverageWeights: [1],
      levelSpread: 0,
      halfLifeHours: [1000],
      seedFrom: 'oi', // so that the falling open interest opens nothing new
    })
    for (let i = 0; i < 5; i++) m.append(bar(i, 100_000, 1000 + i * 100))
    for (let i = 5; i < 60; i++) m.append(bar(i, 100_000, 1400 - (i - 4)))
    const c = m.clusters().below[0]
    expect(c.ageHours).toBeGreaterThan(50)
    expect(c.freshShare).toBeCloseTo(0, 9)
    expect(c.growthUsdPerHour).toBeLessThan(0)
  })

  it('flags round numbers', () => {
    expect(autoRoundStep(95_000)).toBe(1000)
    expect(autoRoundStep(3_000)).toBe(100)
  })
})
