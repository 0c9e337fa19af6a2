import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { BarEvent } from '../core/events.ts'
import { DataError } from '../core/errors.ts'
import { pageEndpoint, pageWindows } from './paging.ts'
import { RestClient } from './rest.ts'
import { testClock } from './test-helpers.ts'

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

describe('pageEndpoint', () => {
  const rest = new RestClient({ venue: 'binance', clock: testClock(0), enableRateLimit: false })
  const T0 = 1_780_000_020_000
  const Rows = z.array(z.tuple([z.number(), z.string()]))
  /** A 1-minute bar endpoint answering `answer(ws, we)` and recording each window asked for. */
  function bars(answer: (ws: number, we: number) => unknown) {
    const windows: [number, number][] = []
    const pages = pageEndpoint(
      rest,
      { from: T0, to: T0 + 5 * 60_000 },
      {
        what: 'klines',
        stepMs: 60_000,
        limit: 2,
        request: async (_ex, ws, we) => {
          windows.push([ws, we])
          return answer(ws, we)
        },
        schema: Rows,
        events: (rows) =>
          rows.map(([ts, px]): BarEvent => {
            const p = Number(px)
            return {
              type: 'bar',
              venue: 'binance',
              symbol: 'X',
              ts,
              localTs: T0,
              tf: '1m',
              open: p,
              high: p,
              low: p,
              close: p,
              closed: true,
            }
          }),
      },
    )
    return { pages, windows }
  }

  it('asks one window per page and yields the mapped rows oldest first', async () => {
    const e = bars((ws, we) =>
      [
        [we - 60_000, '2'],
        [ws, '1'],
      ].filter(([t]) => Number(t) >= ws),
    )
    const pages = await collect(e.pages)
    expect(pages.map((p) => p.map((b) => b.ts - T0))).toEqual([
      [0, 60_000],
      [120_000, 180_000],
      [240_000],
    ])
    expect(e.windows.map(([ws, we]) => [ws - T0, we - T0])).toEqual([
      [0, 120_000],
      [120_000, 240_000],
      [240_000, 300_000],
    ])
  })

  it('a bad answer or a bad row is a DataError naming the venue, the call and the problem', async () => {
    await expect(collect(bars(() => [[T0, 1]]).pages)).rejects.toThrow(
      "binance klines: field '0.1' ",
    )
    const bad = collect(bars(() => [[T0, 'x']]).pages)
    await expect(bad).rejects.toThrow(DataError)
    await expect(bad).rejects.toThrow(`binance klines: row at ts ${T0}: bar OHLC must be > 0`)
  })
})
