import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { niceStep, priceTicks, timeTicks } from './axes.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const utc = (s: string) => Date.parse(s)

describe('priceTicks', () => {
  it('gives round thousands over a BTC range', () => {
    // span 4,753 / 8 = 594 → next round step is 1,000
    expect(priceTicks(100_123, 104_876, 8)).toEqual({
      step: 1000,
      values: [101_000, 102_000, 103_000, 104_000],
    })
  })

  it('uses 2.5 steps and small decimals where they fit', () => {
    expect(priceTicks(0.6, 0.7, 4)).toEqual({ step: 0.025, values: [0.6, 0.625, 0.65, 0.675, 0.7] })
    expect(niceStep(100, 5)).toBe(20)
    expect(niceStep(100, 4)).toBe(25)
  })

  it('returns no ticks for an empty or invalid range', () => {
    expect(priceTicks(5, 5).values).toEqual([])
    expect(priceTicks(NaN, 5).values).toEqual([])
  })

  it('ticks are round multiples of a 1/2/2.5/5 step, inside the range, not too many', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-3, max: 10, noNaN: true }),
        fc.integer({ min: 4, max: 20 }),
        (min, relSpan, target) => {
          const max = min * (1 + relSpan)
          const { step, values } = priceTicks(min, max, target)
          const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12)
          expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true)
          expect(values.length).toBeGreaterThanOrEqual(2)
          expect(values.length).toBeLessThanOrEqual(target + 1)
          for (const [i, v] of values.entries()) {
            expect(v).toBeGreaterThanOrEqual(min)
            expect(v).toBeLessThanOrEqual(max)
            expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6)
            if (i > 0) expect(v).toBeGreaterThan(values[i - 1])
          }
        },
      ),
    )
  })
})

describe('timeTicks', () => {
  it('puts hour ticks on whole UTC hours', () => {
    const ticks = timeTicks(utc('2026-05-21T10:17:00Z'), utc('2026-05-21T20:17:00Z'), 8)
    expect(ticks.map((t) => t.label)).toEqual(['12:00', '14:00', '16:00', '18:00', '20:00'])
    expect(ticks[0].ts).toBe(utc('2026-05-21T12:00:00Z'))
  })

  it('labels the UTC day start with its date, as a major tick', () => {
    const ticks = timeTicks(utc('2026-05-21T18:00:00Z'), utc('2026-05-22T06:00:00Z'), 6)
    expect(ticks.map((t) => t.label)).toEqual([
      '18:00',
      '20:00',
      '22:00',
      'May 22',
      '02:00',
      '04:00',
      '06:00',
    ])
    expect(ticks.filter((t) => t.major).map((t) => t.ts)).toEqual([utc('2026-05-22T00:00:00Z')])
  })

  it('uses day labels over weeks, Monday-aligned weeks over months', () => {
    // 2-day steps align to even days since 1970-01-01 (2026-05-23 is day 20,596).
    const [from, to] = [utc('2026-05-21T10:00:00Z'), utc('2026-05-30T12:00:00Z')]
    expect(timeTicks(from, to, 8).map((t) => t.label)).toEqual(
      Array.from({ length: 9 }, (_, i) => `May ${22 + i}`),
    )
    expect(timeTicks(from, to, 4).map((t) => t.label)).toEqual([
      'May 23',
      'May 25',
      'May 27',
      'May 29',
    ])
    const weeks = timeTicks(utc('2026-01-01T00:00:00Z'), utc('2026-03-01T00:00:00Z'), 10)
    expect(weeks.length).toBeGreaterThan(4)
    for (const t of weeks) expect(new Date(t.ts).getUTCDay()).toBe(1)
  })

  it('uses months (the year in January) over a year', () => {
    const ticks = timeTicks(utc('2025-03-15T00:00:00Z'), utc('2026-03-15T00:00:00Z'), 6)
    expect(ticks.map((t) => t.label)).toEqual(['May', 'Jul', 'Sep', 'Nov', '2026', 'Mar'])
    expect(ticks.find((t) => t.label === '2026')?.major).toBe(true)
  })

  it('ticks lie in range, ascend, align to the step, and are not too many', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: utc('2020-01-01T00:00:00Z'), max: utc('2030-01-01T00:00:00Z') }),
        fc.integer({ min: 5 * 60_000, max: 400 * DAY }),
        fc.integer({ min: 3, max: 16 }),
        (start, span, target) => {
          const ticks = timeTicks(start, start + span, target)
          expect(ticks.length).toBeGreaterThanOrEqual(1)
          expect(ticks.length).toBeLessThanOrEqual(target + 1)
          for (const [i, t] of ticks.entries()) {
            expect(t.ts).toBeGreaterThanOrEqual(start)
            expect(t.ts).toBeLessThanOrEqual(start + span)
            expect(t.ts % 60_000).toBe(0)
            if (i > 0) expect(t.ts).toBeGreaterThan(ticks[i - 1].ts)
          }
          if (ticks.length >= 2 && ticks[1].ts - ticks[0].ts <= DAY) {
            const step = ticks[1].ts - ticks[0].ts
            for (const t of ticks) expect(t.ts % step).toBe(0)
          }
        },
      ),
    )
  })

  it('falls back to weeks when a month step would leave no tick', () => {
    // Three weeks (and 1 ms) from Wednesday 2020-01-01: Mondays Jan 6, 13, 20; no month start.
    const start = utc('2020-01-01T00:00:00.001Z')
    const ticks = timeTicks(start, start + 21 * DAY + 1, 3)
    expect(ticks.map((t) => t.label)).toEqual(['Jan 6', 'Jan 13', 'Jan 20'])
    const four = timeTicks(start, start + 28 * DAY + 1, 3)
    expect(four.map((t) => t.label)).toEqual(['Jan 6', 'Jan 13', 'Jan 20', 'Jan 27'])
    const decade = timeTicks(utc('2016-06-01T00:00:00Z'), utc('2026-06-01T00:00:00Z'), 5)
    expect(decade.map((t) => t.label)).toEqual(['2018', '2020', '2022', '2024', '2026'])
  })

  it('returns nothing for an empty span', () => {
    expect(timeTicks(1000, 1000)).toEqual([])
  })
})
