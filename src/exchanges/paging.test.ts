import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pageWindows } from './paging.ts'

async function collect<T>(it: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = []
  for await (const p of it) out.push(p)
  return out
}

/** A venue with rows every `step` from `listed`, answering at most `cap` rows per call, newest or oldest first. */
function venue(step: number, cap: number, newestFirst: boolean, listed = 0) {
  let calls = 0
  const fetch = async (ws: number, we: number) => {
    calls++
    const rows: { ts: number }[] = []
    for (let t = Math.max(Math.ceil(ws / step) * step, listed); t < we; t += step)
      rows.push({ ts: t })
    return newestFirst ? rows.slice(-cap).reverse() : rows.slice(0, cap)
  }
  return { fetch, calls: () => calls }
}

describe('pageWindows', () => {
  it('covers [from, to) exactly, oldest first, with one call per full window', async () => {
    const v = venue(60_000, 100, true)
    const pages = await collect(
      pageWindows({ from: 0, to: 60_000 * 250, stepMs: 60_000, limit: 100, fetch: v.fetch }),
    )
    const ts = pages.flat().map((r) => r.ts)
    expect(ts).toEqual(Array.from({ length: 250 }, (_, i) => i * 60_000))
    expect(v.calls()).toBe(3)
  })

  it('loses nothing when the venue cap is smaller than the documented limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 500 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 200 }),
        async (cap, limit, n, newestFirst, listedAt) => {
          const step = 1000
          const v = venue(step, cap, newestFirst, listedAt * step)
          const pages = await collect(
            pageWindows({ from: 0, to: n * step, stepMs: step, limit, fetch: v.fetch }),
          )
          const got = pages.flat().map((r) => r.ts)
          const want: number[] = []
          for (let t = listedAt * step; t < n * step; t += step) want.push(t)
          expect(got).toEqual(want)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('stops when aborted (resume from the last ts + step continues without gaps)', async () => {
    const v = venue(1000, 10, false)
    const ctrl = new AbortController()
    const first: number[] = []
    for await (const p of pageWindows({
      from: 0,
      to: 100_000,
      stepMs: 1000,
      limit: 10,
      fetch: v.fetch,
      signal: ctrl.signal,
    })) {
      first.push(...p.map((r) => r.ts))
      if (first.length >= 30) ctrl.abort()
    }
    expect(first).toHaveLength(30)
    const rest = await collect(
      pageWindows({
        from: first[first.length - 1] + 1000,
        to: 100_000,
        stepMs: 1000,
        limit: 10,
        fetch: v.fetch,
      }),
    )
    expect([...first, ...rest.flat().map((r) => r.ts)]).toEqual(
      Array.from({ length: 100 }, (_, i) => i * 1000),
    )
  })
})
