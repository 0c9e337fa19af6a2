/**
 * Forward pagination over [from, to) by time windows, for venues whose pages are oldest-first
 * (Binance) or newest-first (Bybit, OKX) alike. Each window holds at most `limit` rows at the
 * nominal spacing; if a venue answers less than the window (its real cap is smaller than
 * documented, or the spacing changed), the uncovered parts are fetched as well, so no row is lost.
 * Pages come out oldest first, de-duplicated by `ts`, each row inside [from, to).
 * @module
 */

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
