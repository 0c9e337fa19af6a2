/** `GET /api/overlays?kind=…`: overlay series for the chart. @module */
import type { FastifyInstance } from 'fastify'
import { msToTimeframe } from '../../core/time.ts'
import { aggregateBars } from '../aggregate.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, type ServerContext } from '../context.ts'
import {
  cvd,
  depthAtClusters,
  funding,
  oiDelta,
  OVERLAY_KINDS,
  volumeProfile,
  type Overlay,
} from '../overlays.ts'
import {
  enumParam,
  intParam,
  parseQuery,
  symbolParam,
  tfParam,
  timeParam,
  venuesParam,
  lookbackParam,
} from '../query.ts'
import { badRequest } from '../http-error.ts'
import { marketOr404, resolveFilter, resolveWindow } from '../view.ts'

const query = {
  symbol: symbolParam,
  kind: enumParam('kind', OVERLAY_KINDS),
  tf: tfParam,
  from: timeParam('from'),
  to: timeParam('to'),
  lookback: lookbackParam,
  bins: intParam('bins', 10, 500),
  exchanges: venuesParam,
}

export function overlayRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/overlays',
    summary:
      'Overlay series: volume-profile, oi-delta, funding, cvd or depth (book at the cluster levels)',
    description: 'A kind the source cannot provide answers 200 with {available: false, reason}.',
    query,
    required: ['symbol', 'kind'],
    responses: { '200': 'overlay', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  app.get('/api/overlays', async (req) => {
    const q = parseQuery(query, req.query)
    if (q.kind === undefined)
      throw badRequest('kind', `is required: one of ${OVERLAY_KINDS.join(', ')}`)
    const m = marketOr404(ctx.hub, q.symbol)
    const w = resolveWindow(m, q)
    let overlay: Overlay
    switch (q.kind) {
      case 'volume-profile':
        overlay = volumeProfile(aggregateBars(m.bars, m.timeframeMs, w.from, w.to), q.bins ?? 80)
        break
      case 'oi-delta':
        overlay = oiDelta(m, w.tfMs, w.from, w.to)
        break
      case 'funding':
        overlay = funding(m, w.from, w.to)
        break
      case 'cvd':
        overlay = cvd(m, w.tfMs, w.from, w.to)
        break
      case 'depth': {
        const report = ctx.runners
          .get(m)
          .clusters({ filter: resolveFilter(q.exchanges, undefined) })
        overlay = depthAtClusters(m, [...report.below, ...report.above])
        break
      }
    }
    return {
      symbol: m.symbol,
      kind: q.kind,
      tf: msToTimeframe(w.tfMs),
      from: w.from,
      to: w.to,
      ...overlay,
      freshness: freshness(ctx, m),
    }
  })
}
