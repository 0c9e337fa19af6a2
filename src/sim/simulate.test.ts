import { describe, expect, it } from 'vitest'
import { liquidationPrice } from '../margin/index.ts'
import { UsageError } from '../core/errors.ts'
import { resolveSimParams, simulate, type SimParams, type SimResult } from './index.ts'
import { publicFiles, truthFiles } from './write-files.ts'

const SMALL: Partial<SimParams> = { traders: 2000, burnInDays: 0.5 }
const START = Date.UTC(2026, 2, 1)

function run(
  seed: number | string,
  extra: Partial<SimParams> = {},
  days = 1,
  tfMs = 60_000,
): SimResult {
  return simulate({ seed, days, tfMs, startTs: START, params: { ...SMALL, ...extra } })
}

/** Truth positions standing at instant t (entry before t, exit at or after t), brute force. */
function standing(r: SimResult, t: number): { long: number; short: number; n: number } {
  const log = r.truth
  let long = 0
  let short = 0
  let n = 0
  for (let id = 0; id < log.length; id++) {
    if (log.entryTs[id] < t && log.exitTs[id] >= t) {
      n++
      if (log.side[id] > 0) long += log.qtyLots[id]
      else short += log.qtyLots[id]
    }
  }
  return { long: long / 1000, short: short / 1000, n }
}

describe('simulate', () => {
  const r = run(5)

  it('is deterministic for a seed: the same files byte for byte', () => {
    const again = run(5)
    const a = new Map([...publicFiles(r), ...truthFiles(r)])
    const b = new Map([...publicFiles(again), ...truthFiles(again)])
    expect([...a.keys()]).toEqual([...b.keys()])
    for (const [k, v] of a) expect(b.get(k), k).toBe(v)
    const other = publicFiles(run(6))
    expect(other.get('BTCUSDT-1m.csv')).not.toBe(a.get('BTCUSDT-1m.csv'))
  })

  it('publishes one bar per minute with consistent OHLC and taker split', () => {
    const bars = r.market.bars
    expect(bars.length).toBe(1440)
    bars.forEach((b, i) => {
      expect(b.ts).toBe(START + i * 60_000)
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close))
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close))
      if (i > 0) expect(b.open).toBe(bars[i - 1].close)
      expect(b.takerBuyVolume ?? -1).toBeGreaterThanOrEqual(0)
      expect(b.takerBuyVolume ?? Infinity).toBeLessThanOrEqual((b.volume ?? 0) + 1e-9)
    })
  })

  it('conserves open interest: published OI = max(longs, shorts) + passive, and truth sums match', () => {
    const byTs = new Map(r.market.openInterest.map((o) => [o.ts, o.oi]))
    expect(byTs.size).toBe(1440 / 5)
    const tbs = r.truthBars
    for (let k = 0; k < tbs.length; k += 97) {
      const tb = tbs[k]
      const s = standing(r, tb.ts)
      expect(s.long).toBeCloseTo(tb.longQty, 9)
      expect(s.short).toBeCloseTo(tb.shortQty, 9)
      expect(s.n).toBe(tb.openPositions)
      // Every contract has two sides: traders + maker + passive balance exactly.
      const totalLong = tb.longQty + Math.max(tb.makerQty, 0) + tb.passiveQty
      const totalShort = tb.shortQty + Math.max(-tb.makerQty, 0) + tb.passiveQty
      expect(totalLong).toBeCloseTo(totalShort, 9)
      expect(tb.oi).toBeCloseTo(totalLong, 9)
    }
    for (const tb of tbs) {
      const published = byTs.get(tb.ts)
      if (published !== undefined) expect(published).toBe(tb.oi)
    }
  })

  it('matches every published liquidation to a truth position whose liquidation price the path crossed', () => {
    const events = r.market.liquidationEvents
    expect(events.length).toBeGreaterThan(10)
    const log = r.truth
    const liqIds = new Map<number, number[]>()
    for (let id = 0; id < log.length; id++) {
      if (log.exitReason[id] !== 4) continue
      const list = liqIds.get(log.exitTs[id]) ?? []
      list.push(id)
      liqIds.set(log.exitTs[id], list)
    }
    const barAt = (ts: number) => r.market.bars[Math.floor((ts - START) / 60_000)]
    let matched = 0
    for (const e of events) {
      const candidates = liqIds.get(e.ts) ?? []
      const i = candidates.findIndex(
        (id) =>
          log.venues[log.venueIndex[id]] === e.venue &&
          (log.side[id] > 0 ? 'long' : 'short') === e.side &&
          log.qtyLots[id] === Math.round(e.qty * 1000) &&
          log.exitPrice[id] === e.price,
      )
      expect(i, `event at ${e.ts}`).toBeGreaterThanOrEqual(0)
      const id = candidates.splice(i, 1)[0]
      const bar = barAt(e.ts)
      if (e.side === 'long') {
        expect(bar.low).toBeLessThanOrEqual(log.liq[id])
        expect(e.price).toBeLessThanOrEqual(log.liq[id])
      } else {
        expect(bar.high).toBeGreaterThanOrEqual(log.liq[id])
        expect(e.price).toBeGreaterThanOrEqual(log.liq[id])
      }
      matched++
    }
    // ...and no liquidation in the window is missing from the feed.
    let inWindow = 0
    for (let id = 0; id < log.length; id++)
      if (log.exitReason[id] === 4 && log.exitTs[id] >= START) inWindow++
    expect(matched).toBe(inWindow)
  })

  it('computes liquidation prices with the venue formulas of src/margin', () => {
    const log = r.truth
    for (let id = 0; id < log.length; id += 37) {
      const p = log.get(id)
      const expected = liquidationPrice(p.venue, {
        side: p.side,
        entryPrice: p.entryPrice,
        qty: p.qty,
        leverage: p.leverage,
        extraMarginUsd: p.extraMarginUsd,
      })
      expect(p.liqPrice).toBe(Math.round(expected * 100) / 100)
      if (p.side === 'long') expect(p.liqPrice).toBeLessThan(p.entryPrice)
      else expect(p.liqPrice).toBeGreaterThan(p.entryPrice)
    }
  })

  it('gives the same path at any bar length: 5m bars aggregate the 1m bars', () => {
    const r5 = run(5, {}, 1, 300_000)
    const b1 = r.market.bars
    r5.market.bars.forEach((b, k) => {
      const seg = b1.slice(k * 5, k * 5 + 5)
      expect(b.open).toBe(seg[0].open)
      expect(b.close).toBe(seg[4].close)
      expect(b.high).toBe(Math.max(...seg.map((x) => x.high)))
      expect(b.low).toBe(Math.min(...seg.map((x) => x.low)))
    })
  })

  it('has cascades in a stressed market', () => {
    const s = simulate({ seed: 3, days: 1, startTs: START, scenario: 'stressed', params: SMALL })
    expect(s.stats.cascadeTicks).toBeGreaterThan(0)
    expect(s.stats.maxCascadeDepth).toBeGreaterThanOrEqual(3)
    expect(s.truthBars.some((b) => b.cascadeDepth >= 3)).toBe(true)
    // A stressed day liquidates a larger share of open interest than a default one.
    const share = (x: SimResult) =>
      x.stats.liquidatedUsd / (x.truthBars[0].oi * x.market.bars[0].close)
    expect(share(s)).toBeGreaterThan(share(r))
  })

  it('moves open interest both ways', () => {
    const oi = r.market.openInterest.map((o) => o.oi)
    const ups = oi.slice(1).filter((x, i) => x > oi[i]).length
    const downs = oi.slice(1).filter((x, i) => x < oi[i]).length
    expect(ups).toBeGreaterThan(20)
    expect(downs).toBeGreaterThan(20)
  })

  it('rejects bad parameters naming the field', () => {
    expect(() => resolveSimParams({ traders: 0 })).toThrow(/'traders'/)
    expect(() =>
      resolveSimParams({ venues: ['binance', 'ftx' as 'okx'], venueShares: [1, 1] }),
    ).toThrow(/venues\[1\]/)
    expect(() => resolveSimParams({ leverage: { values: [10], weights: [1, 2] } })).toThrow(
      /leverage.weights/,
    )
    expect(() => resolveSimParams({ nope: 1 } as Partial<SimParams>)).toThrow(UsageError)
    expect(() => simulate({ seed: 1, days: 1, tfMs: 1000, params: SMALL })).toThrow(/--tf/)
    expect(() => simulate({ seed: 1, days: 0 })).toThrow(/--days/)
  })
})
