/** `GET /api/map` (the liquidation map at an instant) and `GET /api/clusters`. @module */
import type { FastifyInstance } from 'fastify'
import { isoUtc } from '../../core/time.ts'
import { LiquidationModel, type ModelParams } from '../../model/index.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, type ServerContext } from '../context.ts'
import { warmupMs } from '../heatmap-service.ts'
import { badRequest } from '../http-error.ts'
import type { SymbolMarket } from '../market-hub.ts'
import { paramsKey } from '../model-runner.ts'
import {
  intParam,
  leverageParam,
  numberParam,
  parseQuery,
  symbolParam,
  timeParam,
  venuesParam,
} from '../query.ts'
import { lowerBound, setBounded } from '../../core/bisect.ts'
import { dataEnd, marketOr404, resolveFilter, resolveParams } from '../view.ts'

const mapQuery = {
  symbol: symbolParam,
  exchanges: venuesParam,
  leverage: leverageParam,
  at: timeParam('at'),
  bins: intParam('bins', 10, 1000),
  range: numberParam('range', 1, 50),
  halfLife: numberParam('halfLife', 0.5, 24 * 365),
}

const clusterQuery = {
  symbol: symbolParam,
  exchanges: venuesParam,
  leverage: leverageParam,
  halfLife: numberParam('halfLife', 0.5, 24 * 365),
  freshHours: numberParam('freshHours', 0.25, 720),
  window: numberParam('window', 0.5, 50),
}

/** A model replayed up to `at` (exclusive of bars that open at or after it); a few kept. */
const pastModels = new Map<string, LiquidationModel>()

function modelAt(
  ctx: ServerContext,
  m: SymbolMarket,
  params: Partial<ModelParams> | undefined,
  at: number,
): LiquidationModel {
  if (at >= dataEnd(m)) return ctx.runners.get(m, params)
  const first = m.bars[0]?.ts ?? 0
  if (at <= first) throw badRequest('at', `is before the data starts (${isoUtc(first)})`)
  const end = lowerBound(m.bars, at - m.timeframeMs + 1)
  const key = JSON.stringify([m.symbol, m.generation, end, paramsKey(params)])
  const hit = pastModels.get(key)
  if (hit) return hit
  const model = new LiquidationModel(params)
  const start = lowerBound(m.modelBars, at - warmupMs(params))
  model.appendHistory(m.modelBars, start, end)
  setBounded(pastModels, key, model, 8)
  return model
}

export function levelRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/map',
    summary:
      'Estimated liquidation map at an instant: per price bin long/short USD and cumulative curves',
    description:
      'at defaults to now (the latest closed bar); bins and range (% of price each side) size the profile.',
    query: mapQuery,
    required: ['symbol'],
    responses: { '200': 'map', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  app.get('/api/map', async (req) => {
    const q = parseQuery(mapQuery, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    const filter = resolveFilter(q.exchanges, q.leverage)
    const params = resolveParams(q.halfLife)
    const model = modelAt(ctx, m, params, q.at ?? dataEnd(m))
    const map = model.map({
      filter,
      ...(q.bins !== undefined ? { bins: q.bins } : {}),
      ...(q.range !== undefined ? { rangePct: q.range } : {}),
    })
    return {
      symbol: m.symbol,
      estimated: true,
      unit: 'USD',
      filter,
      ...map,
      freshness: freshness(ctx, m),
    }
  })

  docs.add({
    method: 'get',
    path: '/api/clusters',
    summary:
      'Nearest three estimated clusters above and below price, asymmetry, freshness, growth, round numbers',
    query: clusterQuery,
    required: ['symbol'],
    responses: { '200': 'cluster report', '400': 'bad parameter', '404': 'unknown symbol' },
  })
  app.get('/api/clusters', async (req) => {
    const q = parseQuery(clusterQuery, req.query)
    const m = marketOr404(ctx.hub, q.symbol)
    const filter = resolveFilter(q.exchanges, q.leverage)
    const model = ctx.runners.get(m, resolveParams(q.halfLife))
    const report = model.clusters({
      filter,
      ...(q.freshHours !== undefined ? { freshHours: q.freshHours } : {}),
      ...(q.window !== undefined ? { windowPct: q.window } : {}),
    })
    const fresh = freshness(ctx, m)
    return {
      symbol: m.symbol,
      estimated: true,
      unit: 'USD',
      filter,
      ...report,
      dataAgeMs: fresh.ageMs,
      freshness: fresh,
    }
  })
}
