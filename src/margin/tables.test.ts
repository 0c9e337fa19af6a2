import { describe, expect, it } from 'vitest'
import { DataError } from '../core/errors.ts'
import { VENUES } from '../core/types.ts'
import {
  maintenanceAmountGaps,
  maintenanceMargin,
  maxLeverageFor,
  parseTierTable,
  tierForNotional,
  tierTable,
} from './index.ts'
import type { TierTable } from './index.ts'

describe('shipped tables', () => {
  it('each venue ships BTCUSDT with a source, an ISO date and the venue set', () => {
    for (const venue of VENUES) {
      const t = tierTable(venue)
      expect(t.venue).toBe(venue)
      expect(t.symbol).toBe('BTCUSDT')
      expect(t.source.length).toBeGreaterThan(20)
      expect(t.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(t.note?.length ?? 0).toBeGreaterThan(20)
    }
    expect(tierTable('binance', 'btcusdt')).toBe(tierTable('binance'))
  })

  it('other symbols throw a clear error', () => {
    expect(() => tierTable('binance', 'ETHUSDT')).toThrow(
      /no shipped binance tier table for symbol ETHUSDT/,
    )
  })

  it('binance has the 12 brackets of §1.3, with rows 8–12 ending at cum 421 482 000', () => {
    const t = tierTable('binance').tiers
    expect(t).toHaveLength(12)
    expect(t.map((x) => x.maxLeverage)).toEqual([150, 100, 75, 50, 25, 20, 10, 5, 4, 3, 2, 1])
    expect(t[7]).toMatchObject({ floorUsd: 230e6, mmr: 0.1, maintAmountUsd: 14_482_000 })
    expect(t[11]).toMatchObject({ capUsd: 1.8e9, mmr: 0.5, maintAmountUsd: 421_482_000 })
  })

  it('fee only on okx (0.05 %), and hyperliquid MMR = 1 / (2 × maxLeverage)', () => {
    expect(VENUES.map((v) => tierTable(v).liquidationFeeRate)).toEqual([0, 0, 0.0005, 0])
    for (const t of tierTable('hyperliquid').tiers)
      expect(t.mmr).toBeCloseTo(1 / (2 * t.maxLeverage), 12)
    expect(tierTable('hyperliquid').tiers[1]?.maintAmountUsd).toBe(1_875_000)
  })

  it('maintenance amounts follow amt_n = amt_{n-1} + floor_n × (mmr_n − mmr_{n-1}) in every table', () => {
    for (const venue of VENUES) expect(maintenanceAmountGaps(tierTable(venue))).toEqual([])
  })

  it('maintenance margin is continuous at every tier boundary', () => {
    for (const venue of VENUES) {
      const table = tierTable(venue)
      for (const t of table.tiers.slice(1)) {
        const below = maintenanceMargin(table, t.floorUsd)
        const above = maintenanceMargin(table, t.floorUsd * (1 + 1e-12))
        expect(Math.abs(above - below)).toBeLessThan(0.01)
      }
    }
  })
})

describe('tierForNotional / maxLeverageFor', () => {
  const binance = tierTable('binance')
  it('caps are inclusive, floors exclusive', () => {
    expect(tierForNotional(binance, 0).tier).toBe(1)
    expect(tierForNotional(binance, 300_000).tier).toBe(1)
    expect(tierForNotional(binance, 300_000.01).tier).toBe(2)
    expect(maxLeverageFor(binance, 1.8e9)).toBe(1)
    expect(maxLeverageFor(tierTable('hyperliquid'), 150e6)).toBe(40)
    expect(maxLeverageFor(tierTable('hyperliquid'), 1e12)).toBe(20)
  })

  it('refuses a notional above the table and bad numbers', () => {
    expect(() => tierForNotional(binance, 1.8e9 + 1)).toThrow(/above the largest tier cap/)
    expect(() => tierForNotional(binance, Number.NaN)).toThrow(/^notionalUsd must be/)
    expect(() => tierForNotional(binance, -1)).toThrow(RangeError)
  })
})

describe('parseTierTable', () => {
  const good = {
    venue: 'bybit',
    symbol: 'BTCUSDT',
    source: 'test',
    asOf: '2026-01-02',
    liquidationFeeRate: 0,
    tiers: [
      { tier: 1, floorUsd: 0, capUsd: 100, maxLeverage: 50, mmr: 0.01, maintAmountUsd: 0 },
      { tier: 2, floorUsd: 100, capUsd: null, maxLeverage: 20, mmr: 0.02, maintAmountUsd: 1 },
    ],
  }
  const withTier = (i: number, patch: Record<string, unknown>) => ({
    ...good,
    tiers: good.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)),
  })

  it('turns a null last cap into Infinity', () => {
    const t: TierTable = parseTierTable(good, 'x.json')
    expect(t.tiers[1]?.capUsd).toBe(Infinity)
    expect(maintenanceAmountGaps(t)).toEqual([])
  })

  it.each([
    ['venue', { ...good, venue: 'ftx' }],
    ['asOf', { ...good, asOf: 'yesterday' }],
    ['liquidationFeeRate', { ...good, liquidationFeeRate: -0.1 }],
    ['tiers', { ...good, tiers: [] }],
    ['tiers[1].floorUsd', withTier(1, { floorUsd: 90 })],
    ['tiers[0].mmr', withTier(0, { mmr: '0.01' })],
    ['tiers[1].mmr', withTier(1, { mmr: 0.005 })],
    ['tiers[1].maxLeverage', withTier(1, { maxLeverage: 60 })],
    ['tiers[0].maxLeverage', withTier(0, { maxLeverage: 100, mmr: 0.01 })],
    ['tiers[0].capUsd', withTier(0, { capUsd: null })],
    ['tiers[1].tier', withTier(1, { tier: 3 })],
  ])('names %s', (field, raw) => {
    let err: unknown
    try {
      parseTierTable(raw, 'tiers/x.json')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DataError)
    expect((err as DataError).field).toBe(field)
    expect((err as DataError).message).toMatch(/^tiers\/x\.json: /)
  })

  it('maintenanceAmountGaps reports a jump at a boundary', () => {
    const t = parseTierTable(withTier(1, { maintAmountUsd: 0 }), 'x.json')
    expect(maintenanceAmountGaps(t)).toEqual([{ tier: 2, expectedUsd: 1, actualUsd: 0 }])
  })
})
