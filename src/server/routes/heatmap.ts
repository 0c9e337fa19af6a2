/** `GET /api/heatmap`: the estimated liquidation grid, as JSON or the compact binary form. @module */
import type { FastifyInstance } from 'fastify'
import { msToTimeframe } from '../../core/time.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, type ServerContext } from '../context.ts'
import {
  enumParam,
  intParam,
  leverageParam,
  numberParam,
  parseQuery,
  symbolParam,
  tfParam,
  timeParam,
  venuesParam,
  lookbackParam,
} from '../query.ts'
import {
  DEFAULT_ROWS,
  marketOr404,
  MAX_ROWS,
  resolveFilter,
  resolveParams,
  resolveWindow,
} from '../view.ts'

export const heatmapQuery = {
  symbol: symbolParam,
  exchanges: venuesParam,
  tf: tfParam,
  from: timeParam('from'),
  to: timeParam('to'),
  lookback: lookbackParam,
  leverage: leverageParam,
  rows: intParam('rows', 10, MAX_ROWS),
  halfLife: numberParam('halfLife', 0.5, 24 * 365),
  format: enumParam('format', ['json', 'binary']),
}

function round(a: Float32Array): number[] {
  const out = new Array<number>(a.length)
  for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i])
  return out
}

export function heatmapRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/heatmap',
    summary: 'Estimated liquidation heatmap: time × price grid of USD standing, long and short',
    description:
      'Cell (c, r) is index c·rows + r; row r covers [priceMin + r·step, +step). halfLife (hours) overrides ' +
      "every leverage rung's decay. format=binary returns the compact encoding described in src/server/heatmap-binary.ts; " +
      'its freshness is in the X-Liqheat-Freshness header.',
    query: heatmapQuery,
    required: ['symbol'],
    binary: true,
    responses: {
      '200': 'grid',
      '400': 'bad parameter or grid over the limit',
      '404': 'unknown symbol',
    },
  })
  app.get('/api/heatmap', async (req, reply) => {
    const q = parseQuery(heatmapQuery, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    const filter = resolveFilter(q.exchanges, q.leverage)
    const rows = q.rows ?? DEFAULT_ROWS
    const window = resolveWindow(m, q, rows)
    const params = resolveParams(q.halfLife)
    const request = { window, rows, filter, ...(params ? { params } : {}) }
    const fresh = freshness(ctx, m)
    if (q.format === 'binary') {
      const bytes = ctx.heatmaps.binary(m, request, {
        tf: msToTimeframe(window.tfMs),
        source: ctx.source.kind,
        from: window.from,
        to: window.to,
      })
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-liqheat-freshness', JSON.stringify(fresh))
        .header('cache-control', 'no-store')
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    }
    const g = ctx.heatmaps.grid(m, request)
    return {
      symbol: g.symbol,
      estimated: true,
      unit: 'USD',
      tf: msToTimeframe(window.tfMs),
      from: window.from,
      to: window.to,
      columnMs: g.columnMs,
      times: g.times,
      rows: g.rows,
      priceMin: g.priceMin,
      priceMax: g.priceMax,
      priceStep: (g.priceMax - g.priceMin) / g.rows,
      layout: 'column-major: cell (c, r) at index c*rows + r; row 0 is the lowest price',
      long: round(g.long),
      short: round(g.short),
      maxCell: g.maxCell,
      candles: g.candles.map((b) => ({
        time: b.ts,
        open: b.open,
        high: b.high,
        low: b.low,
        close: b.close,
        volume: b.volume ?? null,
      })),
      filter: g.filter,
      freshness: fresh,
    }
  })
}
