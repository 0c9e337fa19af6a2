/**
 * Forward pagination over [from, to) by time windows, for venues whose pages are oldest-first
 * (Binance) or newest-first (Bybit, OKX) alike. Each window holds at most `limit` rows at the
 * nominal spacing; if a venue answers less than the window (its real cap is smaller than
 * documented, or the spacing changed), the uncovered parts are fetched as well, so no row is lost.
 * Pages come out oldest first, de-duplicated by `ts`, each row inside [from, to).
 * `pageEndpoint` pages one venue history endpoint through its `RestClient`: the venue states only
 * the request for a window, the answer's schema and how its rows become events.
 * @module
 */
import type { Exchange } from 'ccxt'
import type { z } from 'zod'
import type { MarketEvent } from '../core/events.ts'
import type { UtcMs } from '../core/types.ts'
import { checked } from './backfill-util.ts'
import type { RestClient } from './rest.ts'

export interface PageOptions<T extends { ts: number }> {
  readonly from: number
  readonly to: number
  /** Nominal spacing of rows (bar length, OI period, funding interval), ms. */
  readonly stepMs: number
  /** Rows per request the venue documents. */
  readonly limit: number
  /** Rows with ts in [windowStart, windowEnd), any order. */
  readonly fetch: (windowStart: number, windowEnd: number) => Promise<T[]>
  readonly signal?: AbortSignal
}

/**
 * Rows of [ws, we). A reply that does not reach both ends of the window (at the nominal spacing)
 * may have been cut by the venue, so the uncovered ends are asked for too, until a request comes
 * back empty. A full window costs one call; a hole in the data (before listing, an outage) one
 * more per edge.
 */
async function windowRows<T extends { ts: number }>(
  o: PageOptions<T>,
  ws: number,
  we: number,
): Promise<T[]> {
  const out: T[] = []
  const todo: [number, number][] = [[ws, we]]
  for (let calls = 0; todo.length > 0 && calls < 4 * o.limit + 16; calls++) {
    const [a, b] = todo.pop() as [number, number]
    const rows = (await o.fetch(a, b)).filter((r) => r.ts >= a && r.ts < b)
    if (rows.length === 0) continue
    let min = Infinity
    let max = -Infinity
    for (const r of rows) {
      if (r.ts < min) min = r.ts
      if (r.ts > max) max = r.ts
    }
    out.push(...rows)
    if (min - o.stepMs >= a) todo.push([a, min])
    if (max + o.stepMs < b) todo.push([max + 1, b])
  }
  return out
}

export async function* pageWindows<T extends { ts: number }>(
  o: PageOptions<T>,
): AsyncGenerator<T[]> {
  const span = o.stepMs * o.limit
  let lastTs = -Infinity
  for (let ws = o.from; ws < o.to; ws += span) {
    if (o.signal?.aborted) return
    const we = Math.min(o.to, ws + span)
    const rows = (await windowRows(o, ws, we)).sort((a, b) => a.ts - b.ts)
    const page: T[] = []
    for (const r of rows) {
      if (r.ts > lastTs) {
        page.push(r)
        lastTs = r.ts
      }
    }
    if (page.length > 0) yield page
  }
}

/** The span a backfill asks for, [from, to) in UTC ms (a `BackfillOptions` fits). */
export interface PageRange {
  readonly from: UtcMs
  readonly to: UtcMs
  readonly signal?: AbortSignal
}

/** An event a history endpoint yields: stamped with the exchange time `ts`. */
type PagedEvent = MarketEvent & { readonly ts: UtcMs }

/** One paged history endpoint of a venue: only what differs between venues and endpoints. */
export interface PagedEndpoint<S extends z.ZodType, E extends PagedEvent> {
  /** The call's name in errors and row checks, e.g. `klines`. */
  readonly what: string
  /** Nominal spacing of rows (bar length, OI period, funding interval), ms. */
  readonly stepMs: number
  /** Rows per request the venue documents. */
  readonly limit: number
  /**
   * The request for the rows with ts in [ws, we) (UTC ms): path, params and the venue's bound rule
   * (inclusive `endTime: we - 1`, exclusive `after`/`before`, …). Answers the raw venue JSON.
   */
  readonly request: (ex: Exchange, ws: UtcMs, we: UtcMs) => Promise<unknown>
  /** Schema of one answer (its failure names the field). */
  readonly schema: S
  /** The answer's rows as normalised events, any order; each is then `checked`. */
  readonly events: (answer: z.infer<S>) => E[]
}

/**
 * Pages of `endpoint` over `range` by `pageWindows`: each window is one `rest.call` (retries,
 * envelope and schema check), its rows mapped to events, every event checked (a DataError names
 * the venue, call and problem).
 */
export function pageEndpoint<S extends z.ZodType, E extends PagedEvent>(
  rest: RestClient,
  range: PageRange,
  endpoint: PagedEndpoint<S, E>,
): AsyncGenerator<E[]> {
  const { what, schema } = endpoint
  return pageWindows<E>({
    from: range.from,
    to: range.to,
    stepMs: endpoint.stepMs,
    limit: endpoint.limit,
    signal: range.signal,
    fetch: async (ws, we) => {
      const call = (ex: Exchange) => endpoint.request(ex, ws, we)
      const answer = await rest.call(what, call, schema, range.signal)
      return endpoint.events(answer).map((e) => checked(rest.venue, what, e))
    },
  })
}
