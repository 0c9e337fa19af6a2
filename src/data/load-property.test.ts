import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Bar } from '../core/types.ts'
import { parseDecimal } from './fast-number.ts'
import { loadDataDir } from './load-dir.ts'
import { klineCsv, klineRow, tempDataDir } from './test-utils.ts'

const M = 60_000
const T0 = Date.UTC(2023, 5, 1)

const price = fc.double({ min: 0.0001, max: 1e7, noNaN: true, noDefaultInfinity: true })
const amount = fc.option(fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }), {
  nil: undefined,
})

/** A valid bar: four prices sorted into low <= open, close <= high. */
const barAt = (ts: number): fc.Arbitrary<Bar> =>
  fc
    .tuple(fc.array(price, { minLength: 4, maxLength: 4 }), fc.boolean(), amount, amount, amount)
    .map(([ps, openHigh, volume, quoteVolume, taker]) => {
      const [low, a, b, high] = [...ps].sort((x, y) => x - y)
      return {
        ts,
        open: openHigh ? b : a,
        high,
        low,
        close: openHigh ? a : b,
        volume,
        quoteVolume,
        takerBuyVolume: volume === undefined ? undefined : taker,
        takerBuyQuoteVolume: undefined,
      }
    })

/**
 * Increasing minute slots: every third step skips 1–3 bars (a gap), the others are one minute,
 * so 1m stays the most common spacing, as the file name says.
 */
const barSequence = fc
  .array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 20 })
  .map((skips) => {
    const slots = [0]
    for (const k of skips) for (const step of [1, 1, k]) slots.push(slots[slots.length - 1] + step)
    return slots
  })
  .chain((slots) => fc.tuple(...slots.map((s) => barAt(T0 + s * M))))
  .chain((bars) =>
    fc.tuple(fc.constant(bars), fc.shuffledSubarray(bars, { minLength: bars.length })),
  )

describe('property: CSV round trip', () => {
  it('bars written in any order, with or without header, load back sorted and identical', async () => {
    await fc.assert(
      fc.asyncProperty(barSequence, fc.boolean(), async ([written, shuffled], header) => {
        const { dir, cleanup } = await tempDataDir({
          'BTCUSDT-1m.csv': klineCsv(
            shuffled.map((b) => klineRow(b)),
            header,
          ),
        })
        try {
          const md = await loadDataDir(dir)
          const expected = [...written].sort((a, b) => a.ts - b.ts)
          expect(md.bars).toStrictEqual(expected)
          expect(md.timeframeMs).toBe(M)
        } finally {
          await cleanup()
        }
      }),
      { numRuns: 60 },
    )
  })
})

describe('property: parseDecimal agrees with Number()', () => {
  it('for any double printed by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x)
        expect(Object.is(parseDecimal(s, 0, s.length), Number(s))).toBe(true)
      }),
    )
  })

  it('for decimal strings with up to 20 digits and a fraction', () => {
    const digits = fc.string({
      unit: fc.constantFrom(...'0123456789'),
      minLength: 1,
      maxLength: 12,
    })
    fc.assert(
      fc.property(fc.boolean(), digits, fc.option(digits, { nil: undefined }), (neg, int, frac) => {
        const s = `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`
        expect(parseDecimal(s, 0, s.length)).toBe(Number(s))
      }),
    )
  })

  it('gives NaN for garbage rather than a guess', () => {
    for (const s of ['', '-', '.', '1.2.3', '0x10', '1e', 'abc', '12a', '--1', 'Infinity', 'NaN']) {
      expect(parseDecimal(s, 0, s.length)).toBeNaN()
    }
    expect(parseDecimal(' 12.5 ', 0, 6)).toBe(12.5)
    expect(parseDecimal('x,3.25e2,y', 2, 8)).toBe(325)
  })
})
