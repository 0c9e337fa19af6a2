/**
 * `GET /api/review`: the session review of the market the server holds, as the self-contained
 * HTML page (`format=html`, default) or the same numbers as JSON. Register with
 * `void app.register(reviewRoutes, { ctx, docs })`.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import type { MarketData } from '../core/types.ts'
import type { ApiDocs } from '../server/api-doc.ts'
import type { ServerContext } from '../server/context.ts'
import { badRequest } from '../server/http-error.ts'
import {
  enumParam,
  intParam,
  leverageParam,
  numberParam,
  parseQuery,
  symbolParam,
  timeParam,
  venuesParam,
} from '../server/query.ts'
import { marketOr404, resolveFilter } from '../server/view.ts'
import { hubMarketData, type SymbolMarket } from '../server/market-hub.ts'
import { renderReviewHtml } from './html.ts'
import { computeReview } from './review.ts'

const DAY = 86_400_000
/** Bars before `from` that warm the model up. */
export const REVIEW_WARMUP_MS = 14 * DAY
export const MAX_SESSION_MS = 31 * DAY

export const reviewQuery = {
  symbol: symbolParam,
  from: timeParam('from'),
  to: timeParam('to'),
  exchanges: venuesParam,
  leverage: leverageParam,
  reversalPct: numberParam('reversalPct', 0.01, 20),
  bars: intParam('bars', 1, 10_000),
  stepHours: numberParam('stepHours', 0.25, 24 * 7),
  seed: intParam('seed', 0, 2 ** 31 - 1),
  draws: intParam('draws', 10, 500),
  format: enumParam('format', ['html', 'json']),
}

/** The hub's market from `from − warmup` to `to` as MarketData. */
export function marketSlice(m: SymbolMarket, from: number, to: number): MarketData {
  return hubMarketData(m, from - REVIEW_WARMUP_MS, to)
}

export async function reviewRoutes(
  app: FastifyInstance,
  opts: { ctx: ServerContext; docs?: ApiDocs },
): Promise<void> {
  const { ctx } = opts
  opts.docs?.add({
    method: 'get',
    path: '/api/review',
    summary:
      'Session review: clusters mapped at the start, sweeps and what followed, vs random levels',
    description:
      'format=html (default) is a self-contained page with inline SVG charts; format=json the same numbers. ' +
      'See docs/workflow.md § Session review.',
    query: reviewQuery,
    required: ['symbol', 'from', 'to'],
    responses: { '200': 'the review', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  app.get('/api/review', async (req, reply) => {
    const q = parseQuery(reviewQuery, req.query)
    if (q.from === undefined) throw badRequest('from', 'from is required (session start)')
    if (q.to === undefined) throw badRequest('to', 'to is required (session end)')
    if (q.to <= q.from) throw badRequest('to', "must be after 'from'")
    if (q.to - q.from > MAX_SESSION_MS) throw badRequest('to', 'a session is at most 31 days')
    const stepMs = (q.stepHours ?? 1) * 3_600_000
    if ((q.to - q.from) / stepMs > 500)
      throw badRequest('stepHours', 'more than 500 trials in the session; use a longer step')
    const m = marketOr404(ctx.hub, q.symbol)
    const report = computeReview(marketSlice(m, q.from, q.to), {
      from: q.from,
      to: q.to,
      filter: resolveFilter(q.exchanges, q.leverage),
      ...(q.reversalPct !== undefined ? { reversalPct: q.reversalPct } : {}),
      ...(q.bars !== undefined ? { reversalBars: q.bars } : {}),
      stepMs,
      ...(q.seed !== undefined ? { seed: q.seed } : {}),
      ...(q.draws !== undefined ? { draws: q.draws } : {}),
    })
    if (q.format === 'json') return report
    return reply.type('text/html; charset=utf-8').send(renderReviewHtml(report))
  })
}
