import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WeightBudget } from './budget.ts'

/** Largest weight spent inside any closed window [t, t + 60 s]. */
function maxPerMinute(log: readonly { at: number; w: number }[]): number {
  let best = 0
  let j = 0
  let sum = 0
  for (let i = 0; i < log.length; i++) {
    sum += log[i].w
    while (log[i].at - log[j].at > 60_000) sum -= log[j++].w
    best = Math.max(best, sum)
  }
  return best
}

describe('WeightBudget', () => {
  it('never admits more than the budget in any 60 s window (random demand)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40, max: 2000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(2, 2, 2, 20)), {
          minLength: 1,
          maxLength: 400,
        }),
        (perMin, demand) => {
          let now = 0
          const b = new WeightBudget(() => now, { weightPerMinute: perMin })
          const log: { at: number; w: number }[] = []
          for (const [gap, w] of demand) {
            now += gap
            // A greedy client: waits exactly as told, then takes.
            const wait = b.waitMs(w)
            now += wait
            expect(b.tryTake(w)).toBe(true)
            log.push({ at: now, w })
          }
          expect(maxPerMinute(log)).toBeLessThanOrEqual(perMin)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a saturating client gets close to the full budget over 10 minutes', () => {
    let now = 0
    const b = new WeightBudget(() => now, { weightPerMinute: 960 })
    let spent = 0
    while (now < 600_000) {
      now += b.waitMs(2)
      if (b.tryTake(2)) spent += 2
    }
    // The long-run pace is 960 − burst (20) per minute, plus the initial burst.
    expect(b.burst).toBe(20)
    expect(spent).toBe(10 * 940 + 20)
  })

  it('refuses a budget too small for the heaviest request (20) to fit twice', () => {
    expect(() => new WeightBudget(() => 0, { weightPerMinute: 39 })).toThrow(/at least 40/)
    expect(new WeightBudget(() => 0, { weightPerMinute: 40, burst: 2 }).burst).toBe(20)
  })

  it('a 429 closes it for Retry-After, else for a doubling backoff, reset by a success', () => {
    let now = 1000
    const b = new WeightBudget(() => now, {
      weightPerMinute: 960,
      backoff: { baseMs: 1000, maxMs: 8000 },
      random: () => 1,
    })
    expect(b.onRateLimited(7000)).toBe(7000)
    expect(b.waitMs(2)).toBe(7000)
    now += 7000
    expect(b.onRateLimited()).toBe(1000)
    expect(b.onRateLimited()).toBe(2000)
    expect(b.onRateLimited()).toBe(4000)
    expect(b.onRateLimited()).toBe(8000)
    expect(b.onRateLimited()).toBe(8000)
    b.ok()
    expect(b.onRateLimited()).toBe(1000)
    expect(b.rateLimited).toBe(7)
  })
})
