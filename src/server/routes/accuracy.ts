/**
 * `GET /api/accuracy`: how the running model did lately — its predicted liquidations per bar (the
 * positions it had standing whose level a bar reached) against the liquidations the venues
 * reported in that bar, beside the two naive baselines, by side, Spearman and Pearson. The
 * per-bar method of docs/accuracy.md, on the server's own data: the 14 days before the window warm
 * the model up, and their first 24 h are skipped for every method alike. Without
 * realized liquidations there is nothing to measure, and the answer says so.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import { setBounded } from '../../core/bisect.ts'
import { DataError } from '../../core/errors.ts'
import { evaluate, type EvalResult } from '../../eval/evaluate.ts'
import type { ApiDocs } from '../api-doc.ts'
import type { ServerContext } from '../context.ts'
import { hubMarketData, type SymbolMarket } from '../market-hub.ts'
import { numberParam, parseQuery, symbolParam } from '../query.ts'
import { marketOr404 } from '../view.ts'

const HOUR = 3_600_000
/** Hours of data skipped before any bar is compared (the model starts with no positions). */
export const ACCURACY_WARMUP_HOURS = 24
/**
 * Data before the window that warms the model up: 14 days (the longest shipped half-life is
 * 72 h), so an answer costs the same on a long live history as on a short one.
 */
export const ACCURACY_HISTORY_MS = 14 * 24 * HOUR

const accuracyQuery = {
  symbol: symbolParam,
  hours: numberParam('hours', 1, 24 * 90),
}

/** The answer: `available` false (with the reason) when there is nothing to compare yet. */
export type AccuracyAnswer = {
  readonly estimated: true
  readonly symbol: string
  readonly hours: number
  /** Venues that reported liquidations in the window (as they report them: some sample). */
  readonly realizedVenues: readonly string[]
} & (
  | { readonly available: true; readonly result: EvalResult }
  | {
      readonly available: false
      readonly reason: string
    }
)

/** The last few answers, keyed by symbol, data version and window. */
const cache = new Map<string, AccuracyAnswer>()

export function accuracyAnswer(m: SymbolMarket, hours: number): AccuracyAnswer {
  const key = JSON.stringify([
    m.symbol,
    m.generation,
    m.version,
    m.bars.length,
    m.liquidations.length,
    hours,
  ])
  const hit = cache.get(key)
  if (hit) return hit
  const last = m.bars[m.bars.length - 1]
  const from = last.ts + m.timeframeMs - hours * HOUR
  const data = hubMarketData(m, from - ACCURACY_HISTORY_MS)
  const head = {
    estimated: true as const,
    symbol: m.symbol,
    hours,
    realizedVenues: [
      ...new Set(data.liquidationEvents.filter((e) => e.ts >= from).map((e) => e.venue)),
    ].sort(),
  }
  let answer: AccuracyAnswer
  try {
    const result = evaluate(data, undefined, { warmupHours: ACCURACY_WARMUP_HOURS, from })
    answer = { ...head, available: true, result }
  } catch (err) {
    if (!(err instanceof DataError)) throw err
    answer = { ...head, available: false, reason: err.message }
  }
  setBounded(cache, key, answer, 8)
  return answer
}

export function accuracyRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/accuracy',
    summary:
      "How the running model did over the last `hours` (default 24): predicted vs reported liquidations per bar, Spearman and Pearson, beside the naive baselines (docs/accuracy.md's per-bar method). `available` is false, with the reason, when the data has no realized liquidations or too few bars",
    responses: { '200': 'accuracy', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  app.get('/api/accuracy', async (req) => {
    const q = parseQuery(accuracyQuery, req.query)
    return accuracyAnswer(marketOr404(ctx.hub, q.symbol), q.hours ?? 24)
  })
}
