/**
 * Export routes: `GET /api/export/png` (the heatmap view, same parameters as `/api/heatmap`, drawn
 * by the same renderer as `liqheat heatmap --out x.png`), `GET /api/export/pine` (a Pine Script v6
 * indicator of the current clusters) and `GET /api/export/csv?what=grid|map|clusters`. Every
 * parameter is validated (400 names it). Register with `void app.register(exportRoutes, { ctx, docs })`.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import { msToTimeframe } from '../core/time.ts'
import { DEFAULT_PARAMS } from '../model/index.ts'
import type { ModelFilter } from '../model/types.ts'
import { PALETTES, renderHeatmapPngAsync, type PaletteName } from '../render/index.ts'
import type { ApiDocs } from '../server/api-doc.ts'
import type { ServerContext } from '../server/context.ts'
import { badRequest } from '../server/http-error.ts'
import type { SymbolMarket } from '../server/market-hub.ts'
import {
  enumParam,
  intParam,
  leverageParam,
  numberParam,
  parseQuery,
  symbolParam,
  venuesParam,
} from '../server/query.ts'
import { heatmapQuery } from '../server/routes/heatmap.ts'
import {
  DEFAULT_ROWS,
  marketOr404,
  resolveFilter,
  resolveParams,
  resolveWindow,
} from '../server/view.ts'
import { clustersCsv, gridCsv, mapCsv } from './csv.ts'
import { PINE_MAX_CLUSTERS, pineScript } from './pine.ts'

const { format: _format, ...gridQuery } = heatmapQuery

export const pngQuery = {
  ...gridQuery,
  width: intParam('width', 480, 4096),
  height: intParam('height', 270, 4096),
  palette: enumParam('palette', PALETTES as [PaletteName, ...PaletteName[]]),
  scaling: enumParam('scaling', ['linear', 'sqrt', 'log']),
  clip: numberParam('clip', 1, 100),
  side: enumParam('side', ['both', 'long', 'short']),
}

export const pineQuery = {
  symbol: symbolParam,
  exchanges: venuesParam,
  leverage: leverageParam,
  halfLife: numberParam('halfLife', 0.5, 24 * 365),
  style: enumParam('style', ['boxes', 'lines']),
  max: intParam('max', 1, PINE_MAX_CLUSTERS),
  palette: enumParam('palette', PALETTES as [PaletteName, ...PaletteName[]]),
}

export const csvQuery = {
  ...gridQuery,
  what: enumParam('what', ['grid', 'map', 'clusters']),
  bins: intParam('bins', 10, 2000),
  rangePct: numberParam('rangePct', 1, 50),
}

/** `binance+okx · 25×/50×/100×`: what a filtered view covers. */
export function scopeText(filter: ModelFilter): string {
  const venues = filter.venues ?? DEFAULT_PARAMS.venues
  const levs = filter.leverages ?? DEFAULT_PARAMS.leverages
  return `${venues.join('+')} · ${levs.map((l) => `${l}×`).join('/')}`
}

function stamp(t: number): string {
  return new Date(t).toISOString().slice(0, 16).replace(/[-:]/g, '')
}

function gridFor(
  ctx: ServerContext,
  m: SymbolMarket,
  q: Parameters<typeof resolveWindow>[1] & {
    exchanges?: Parameters<typeof resolveFilter>[0]
    leverage?: number[]
    rows?: number
    halfLife?: number
  },
) {
  const filter = resolveFilter(q.exchanges, q.leverage)
  const rows = q.rows ?? DEFAULT_ROWS
  const window = resolveWindow(m, q, rows)
  const params = resolveParams(q.halfLife)
  const grid = ctx.heatmaps.grid(m, { window, rows, filter, ...(params ? { params } : {}) })
  return { grid, filter, window }
}

export async function exportRoutes(
  app: FastifyInstance,
  opts: { ctx: ServerContext; docs?: ApiDocs },
): Promise<void> {
  const { ctx, docs } = opts
  docs?.add({
    method: 'get',
    path: '/api/export/png',
    summary: 'PNG of the heatmap view (same parameters as /api/heatmap), rendered like the CLI',
    query: pngQuery,
    required: ['symbol'],
    binary: true,
    responses: { '200': 'image/png', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  docs?.add({
    method: 'get',
    path: '/api/export/pine',
    summary: 'TradingView Pine Script v6 indicator drawing the current estimated clusters',
    query: pineQuery,
    required: ['symbol'],
    responses: { '200': 'text/plain script', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  docs?.add({
    method: 'get',
    path: '/api/export/csv',
    summary:
      'CSV of the heatmap grid, the liquidation map or the clusters (what=grid|map|clusters)',
    query: csvQuery,
    required: ['symbol', 'what'],
    responses: { '200': 'text/csv', '400': 'bad parameter', '404': 'unknown symbol' },
  })

  app.get('/api/export/png', async (req, reply) => {
    const q = parseQuery(pngQuery, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    const { grid, filter, window } = gridFor(ctx, m, q)
    const png = await renderHeatmapPngAsync(grid, {
      palette: q.palette ?? 'viridis',
      scaling: q.scaling ?? 'sqrt',
      clipPercentile: q.clip ?? 99,
      side: q.side ?? 'both',
      width: q.width ?? 1600,
      height: q.height ?? 900,
      title: `${m.symbol} · estimated liquidation levels · ${scopeText(filter)}`,
      subtitle: `${msToTimeframe(window.tfMs)} columns · entries from ${
        m.openInterest.length > 0
          ? 'open-interest changes'
          : 'volume (no open interest in the data)'
      }`,
    })
    return reply
      .type('image/png')
      .header(
        'content-disposition',
        `inline; filename="liqheat-${m.symbol}-${stamp(window.to)}.png"`,
      )
      .header('cache-control', 'no-store')
      .send(png)
  })

  app.get('/api/export/pine', async (req, reply) => {
    const q = parseQuery(pineQuery, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    const filter = resolveFilter(q.exchanges, q.leverage)
    const model = ctx.runners.get(m, resolveParams(q.halfLife))
    const report = model.clusters({ filter })
    const script = pineScript(report, {
      symbol: m.symbol,
      generatedAt: ctx.now(),
      scope: scopeText(filter),
      ...(q.style ? { style: q.style } : {}),
      ...(q.max !== undefined ? { maxClusters: q.max } : {}),
      ...(q.palette ? { palette: q.palette } : {}),
    })
    return reply
      .type('text/plain; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="liqheat-${m.symbol}-${stamp(ctx.now())}.pine"`,
      )
      .send(script)
  })

  app.get('/api/export/csv', async (req, reply) => {
    const q = parseQuery(csvQuery, req.query)
    if (q.what === undefined) throw badRequest('what', 'what is required: grid, map or clusters')
    const m = marketOr404(ctx.hub, q.symbol)
    let text: string
    if (q.what === 'grid') {
      for (const k of ['bins', 'rangePct'] as const)
        if (q[k] !== undefined) throw badRequest(k, `only for what=map`)
      text = gridCsv(gridFor(ctx, m, q).grid)
    } else {
      for (const k of ['tf', 'from', 'to', 'lookback', 'rows'] as const)
        if (q[k] !== undefined)
          throw badRequest(k, `only for what=grid (the ${q.what} is the current state)`)
      const filter = resolveFilter(q.exchanges, q.leverage)
      const model = ctx.runners.get(m, resolveParams(q.halfLife))
      text =
        q.what === 'map'
          ? mapCsv(
              model.map({
                filter,
                ...(q.bins ? { bins: q.bins } : {}),
                ...(q.rangePct ? { rangePct: q.rangePct } : {}),
              }),
            )
          : clustersCsv(model.clusters({ filter }))
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="liqheat-${m.symbol}-${q.what}.csv"`)
      .send(text)
  })
}
