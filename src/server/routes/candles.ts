/** `GET /api/candles`: the symbol's bars aggregated to `tf`. @module */
import type { FastifyInstance } from 'fastify'
import { msToTimeframe } from '../../core/time.ts'
import { aggregateBars } from '../aggregate.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, type ServerContext } from '../context.ts'
import { notFound } from '../http-error.ts'
import { parseQuery, symbolParam, tfParam, timeParam, venueParam, lookbackParam } from '../query.ts'
import { marketOr404, resolveWindow } from '../view.ts'

const query = {
  symbol: symbolParam,
  exchange: venueParam,
  tf: tfParam,
  from: timeParam('from'),
  to: timeParam('to'),
  lookback: lookbackParam,
}

export function candleRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/candles',
    summary: 'Candles (OHLCV) for a symbol, aggregated to tf',
    query,
    required: ['symbol'],
    responses: { '200': 'candles', '400': 'bad parameter', '404': 'unknown symbol or exchange' },
  })
  app.get('/api/candles', async (req) => {
    const q = parseQuery(query, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    if (q.exchange !== undefined && !m.venues.includes(q.exchange))
      throw notFound(
        'exchange',
        `no ${q.exchange} bars for ${m.symbol} in this source; available: ${m.venues.join(', ')}`,
      )
    const w = resolveWindow(m, q)
    const bars = aggregateBars(m.bars, w.tfMs, w.from, w.to)
    return {
      symbol: m.symbol,
      exchange: q.exchange ?? m.venues[0] ?? null,
      tf: msToTimeframe(w.tfMs),
      from: w.from,
      to: w.to,
      candles: bars.map((b) => ({
        time: b.ts,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume ?? null,
      })),
      freshness: freshness(ctx, m),
    }
  })
}
