/** `GET /api/health`, `GET /api/markets` and `GET /api/model`. @module */
import type { FastifyInstance } from 'fastify'
import { VENUES } from '../../core/types.ts'
import { msToTimeframe } from '../../core/time.ts'
import { DEFAULT_PARAMS } from '../../model/index.ts'
import type { ApiDocs } from '../api-doc.ts'
import { freshness, staleAfterMs, type ServerContext } from '../context.ts'
import { NO_PARAMS, parseQuery, TIMEFRAMES } from '../query.ts'
import {
  dataEnd,
  DEFAULT_LOOKBACK_MS,
  DEFAULT_ROWS,
  defaultTimeframe,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_ROWS,
} from '../view.ts'

export function healthRoutes(app: FastifyInstance, ctx: ServerContext, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/health',
    summary: 'Server status, version, source and the age and state of each stream',
    responses: { '200': 'status' },
  })
  app.get('/api/health', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    const now = ctx.now()
    const limit = staleAfterMs(ctx.source)
    const streams = ctx.source.status().map((s) => ({
      ...s,
      ageMs: s.lastEventAt === undefined ? null : Math.max(0, now - s.lastEventAt),
      stale: s.state === 'ended' || s.lastEventAt === undefined || now - s.lastEventAt > limit,
    }))
    const symbols = ctx.hub.symbols().flatMap((sym) => {
      const m = ctx.hub.get(sym)
      return m ? [{ symbol: sym, bars: m.bars.length, freshness: freshness(ctx, m) }] : []
    })
    const anyOpen = streams.some((s) => s.state === 'open')
    const status =
      symbols.length === 0
        ? 'starting'
        : anyOpen && symbols.every((s) => !s.freshness.stale)
          ? 'ok'
          : 'degraded'
    return {
      status,
      version: ctx.version,
      source: ctx.source.kind,
      description: ctx.source.description,
      now,
      staleAfterMs: limit,
      streams,
      symbols,
      heatmapBuilds: ctx.heatmaps.builds,
    }
  })

  docs.add({
    method: 'get',
    path: '/api/markets',
    summary: 'Symbols and venues available, the leverage ladder and the defaults',
    responses: { '200': 'markets' },
  })
  app.get('/api/markets', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    const symbols = ctx.hub.symbols().flatMap((sym) => {
      const m = ctx.hub.get(sym)
      if (!m || m.bars.length === 0) return []
      const first = m.bars[0]
      const last = m.bars[m.bars.length - 1]
      return [
        {
          symbol: sym,
          timeframe: msToTimeframe(m.timeframeMs),
          timeframeMs: m.timeframeMs,
          dataVenues: m.venues,
          from: first.ts,
          to: dataEnd(m),
          bars: m.bars.length,
          price: m.forming?.close ?? last.close,
          timeframes: TIMEFRAMES.filter((tf) => {
            const ms = TF_MS[tf]
            return ms >= m.timeframeMs && ms % m.timeframeMs === 0
          }),
          defaultTf: msToTimeframe(defaultTimeframe(DEFAULT_LOOKBACK_MS, m.timeframeMs)),
          hasOpenInterest: m.openInterest.length > 0,
          hasTakerSplit: last.takerBuyVolume !== undefined,
          hasFunding: m.funding.length > 0,
        },
      ]
    })
    return {
      source: ctx.source.kind,
      symbols,
      venues: VENUES,
      leverages: DEFAULT_PARAMS.leverages,
      halfLifeHours: DEFAULT_PARAMS.halfLifeHours,
      defaults: { lookbackDays: DEFAULT_LOOKBACK_MS / 86_400_000, rows: DEFAULT_ROWS },
      limits: { maxCells: MAX_CELLS, maxColumns: MAX_COLUMNS, maxRows: MAX_ROWS },
      estimated: true,
    }
  })
}

/** Where the shipped defaults come from (docs/accuracy.md). */
const CALIBRATION =
  'round 2, point J: every rung fitted jointly on simulated markets (100 000 traders, seeds ' +
  '101–104) holding the real-data margins of the w1/w2 training spans'

/**
 * `GET /api/model`: every parameter of the model the server runs (the shipped defaults; a
 * request's `halfLife` overrides the half-lives of its own view only), with where they come from.
 */
export function modelRoute(app: FastifyInstance, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/model',
    summary:
      'Every parameter of the model the server runs (units and meanings in docs/model.md) and where the defaults come from',
    responses: { '200': 'model' },
  })
  app.get('/api/model', async (req) => {
    parseQuery(NO_PARAMS, req.query)
    return {
      estimated: true,
      params: DEFAULT_PARAMS,
      calibration: CALIBRATION,
      docs: 'docs/model.md',
    }
  })
}

const TF_MS: Record<string, number> = Object.fromEntries(
  TIMEFRAMES.map((tf) => {
    const n = Number(tf.slice(0, -1))
    const u = tf.slice(-1)
    const unit = u === 'm' ? 60_000 : u === 'h' ? 3_600_000 : u === 'd' ? 86_400_000 : 604_800_000
    return [tf, n * unit]
  }),
)
