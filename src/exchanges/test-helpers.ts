/**
 * Helpers for the exchange tests (not used at run time): replay fixture lines through a mapper,
 * check every output with the validators, read fixtures beside a test.
 * @module
 */
import { readFileSync } from 'node:fs'
import type { MarketEvent } from '../core/events.ts'
import type { Venue } from '../core/types.ts'
import { createAdapter, type AdapterOptions } from './registry.ts'
import type { MappedItem, MapResult, VenueAdapter, VenueMapper } from './types.ts'
import { eventProblems } from './validate.ts'
import { realSleep } from './clock.ts'

export function lines(url: URL): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
}

/** Maps every line; returns the items and each line's result. */
export function replay(
  m: VenueMapper,
  texts: readonly string[],
  localTs: number,
): { items: MappedItem[]; results: MapResult[] } {
  const items: MappedItem[] = []
  const results: MapResult[] = []
  for (const t of texts) results.push(m.map(t, localTs, items))
  return { items, results }
}

/** Problems of every market event among `items` (book updates are checked by their own rules). */
export function problems(items: readonly MappedItem[]): string[] {
  const out: string[] = []
  for (const it of items) {
    if (it.type === 'book_update') continue
    for (const p of eventProblems(it)) out.push(`${it.type}@${'ts' in it ? it.ts : '?'}: ${p}`)
  }
  return out
}

export function ofType<T extends MarketEvent['type']>(
  items: readonly MappedItem[],
  type: T,
): Extract<MarketEvent, { type: T }>[] {
  return items.filter((i): i is Extract<MarketEvent, { type: T }> => i.type === type)
}

/** A clock the test moves by hand; sleeps are recorded and shortened to ≤ 10 ms of real time. */
export function testClock(t0: number) {
  let now = t0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    advance(ms: number): void {
      now += ms
    },
    sleep: (ms: number, signal?: AbortSignal): Promise<void> => {
      sleeps.push(ms)
      return realSleep(Math.min(ms, 10), signal)
    },
  }
}

/**
 * An adapter pointed at a fake server with the test clock and fast resilience settings (10 ms
 * backoff and ticks, no rate limiting); `extra` adds or overrides options.
 */
export function fakeAdapter(
  venue: Venue,
  clock: ReturnType<typeof testClock>,
  urls: { restUrl: string; wsUrl?: string },
  extra: AdapterOptions = {},
): VenueAdapter {
  return createAdapter(venue, {
    ...urls,
    now: clock.now,
    sleep: clock.sleep,
    backoff: { baseMs: 10, maxMs: 40 },
    tickMs: 10,
    enableRateLimit: false,
    ...extra,
  })
}

/** Consumes a stream in the background into `events`. */
export function consume(stream: AsyncIterable<MarketEvent>): {
  events: MarketEvent[]
  done: Promise<void>
} {
  const events: MarketEvent[] = []
  const done = (async () => {
    for await (const e of stream) events.push(e)
  })()
  return { events, done }
}

/** Waits until `pred(events)` holds (polling every 5 ms), or throws naming `what`. */
export async function until(
  events: readonly MarketEvent[],
  pred: (ev: readonly MarketEvent[]) => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!pred(events)) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; got ${events.map((e) => e.type).join(',')}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

export function count(events: readonly MarketEvent[], type: MarketEvent['type']): number {
  return events.filter((e) => e.type === type).length
}

/** Collects all pages of a backfill. */
export async function pages<T>(it: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = []
  for await (const p of it) out.push(p)
  return out
}

/** Exchange time of an event (NaN for a disconnect). */
export function tsOf(e: MarketEvent): number {
  return 'ts' in e ? e.ts : NaN
}
