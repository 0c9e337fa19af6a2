import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { UsageError } from '../core/errors.ts'
import type { MarketData } from '../core/types.ts'
import { dataRange, parseSpan, resolveSpan, spansOverlap } from './calibrate-spans.ts'

const H = 3_600_000
const T0 = Date.UTC(2026, 4, 21)

function market(nBars: number, tf = H): MarketData {
  const bars = Array.from({ length: nBars }, (_, i) => ({
    ts: T0 + i * tf,
    open: 100,
    high: 101,
    low: 99,
    close: 100,
  }))
  return { bars, timeframeMs: tf } as unknown as MarketData
}

function usageFlag(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    if (e instanceof UsageError) return e.flag
    throw e
  }
  return undefined
}

describe('parseSpan', () => {
  it('reads ISO dates, date-times, epoch ms, percentages and open ends', () => {
    const a = parseSpan('2026-05-21..2026-05-27', '--train')
    expect(a.from).toEqual({ kind: 'time', ts: Date.UTC(2026, 4, 21) })
    expect(a.to).toEqual({ kind: 'time', ts: Date.UTC(2026, 4, 27) })
    const b = parseSpan('2026-05-21T10:30Z..1779840000000', '--test')
    expect(b.from).toEqual({ kind: 'time', ts: Date.UTC(2026, 4, 21, 10, 30) })
    expect(b.to).toEqual({ kind: 'time', ts: 1779840000000 })
    expect(parseSpan('0%..60%', '--train').to).toEqual({ kind: 'pct', pct: 60 })
    expect(parseSpan('..2026-05-27', '--train').from).toEqual({ kind: 'open' })
    expect(parseSpan('60%..', '--test').to).toEqual({ kind: 'open' })
  })

  it('rejects bad spans with a UsageError naming the flag', () => {
    for (const bad of [
      '2026-05-21',
      '2026-05-21...2026-05-27',
      'yesterday..today',
      '2026-05-27..2026-05-21',
      '60%..40%',
      '10%..10%',
      '120%..',
      '%..50%',
      '-5%..50%',
    ]) {
      expect(usageFlag(() => parseSpan(bad, '--train'))).toBe('--train')
      expect(usageFlag(() => parseSpan(bad, '--test'))).toBe('--test')
    }
  })
})

describe('resolveSpan', () => {
  it('maps percentages onto first bar open → last bar close', () => {
    const d = market(100)
    expect(dataRange(d)).toEqual({ start: T0, end: T0 + 100 * H })
    expect(resolveSpan(parseSpan('0%..60%', 'f'), d)).toEqual({ from: T0, to: T0 + 60 * H })
    expect(resolveSpan(parseSpan('60%..', 'f'), d)).toEqual({ from: T0 + 60 * H, to: Infinity })
    expect(resolveSpan(parseSpan('..2026-05-22', 'f'), d)).toEqual({
      from: -Infinity,
      to: Date.UTC(2026, 4, 22),
    })
  })

  it('train a..b and test b..c never overlap; a..c and b..d do (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 97 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        (a, l1, l2) => {
          const b = Math.min(99, a + l1)
          const c = Math.min(100, b + l2)
          fc.pre(c > b)
          const d = market(48)
          const tr = resolveSpan(parseSpan(`${a}%..${b}%`, 'f'), d)
          const te = resolveSpan(parseSpan(`${b}%..${c}%`, 'f'), d)
          expect(spansOverlap(tr, te)).toBe(false)
          const wide = resolveSpan(parseSpan(`${a}%..${c}%`, 'f'), d)
          expect(spansOverlap(wide, te)).toBe(true)
        },
      ),
    )
  })
})
