/**
 * `GET /api/hl-exact`: Hyperliquid's exact liquidation map (real positions at the venue's own
 * liquidation prices, see docs/hyperliquid-positions.md) from the position collector the server
 * runs with `--source live`. When there is none, or it has no mark price yet, the answer is 200
 * `{available: false, reason}` (as `/api/overlays` does), so the page can say why.
 * @module
 */
import type { FastifyInstance } from 'fastify'
import type { ExactLiquidationMap } from '../exchanges/hyperliquid/positions/types.ts'
import type { HlPositionsStatus } from '../exchanges/hyperliquid/positions/collector.ts'
import type { ApiDocs } from './api-doc.ts'
import type { SourceKind } from './source.ts'
import { intParam, numberParam, parseQuery, symbolParam } from './query.ts'

/** What the route needs of an `HlPositionsCollector`. */
export interface HlExactCollector {
  exactMap(o?: { bins?: number; rangePct?: number }): ExactLiquidationMap | undefined
  status(): HlPositionsStatus
}

/** The collector the server runs, with the canonical symbol it covers, or why there is none. */
export type HlExact =
  | { readonly running: true; readonly symbol: string; readonly collector: HlExactCollector }
  | { readonly running: false; readonly reason: string }

export const HL_NEEDS_LIVE = 'Hyperliquid exact positions need the live source (--source live)'
export const HL_TURNED_OFF =
  'the Hyperliquid position collector is off (started without --no-hl-positions it runs with --source live)'

/**
 * Whether `liqheat serve` runs the collector: `flag` is `--hl-positions` (true),
 * `--no-hl-positions` (false) or neither (undefined: on for live). Returns the reason when off.
 */
export function hlPositionsPlan(
  source: SourceKind,
  flag: boolean | undefined,
): { run: true } | { run: false; reason: string } {
  if (source !== 'live') return { run: false, reason: HL_NEEDS_LIVE }
  if (flag === false) return { run: false, reason: HL_TURNED_OFF }
  return { run: true }
}

const query = {
  symbol: symbolParam.optional(),
  bins: intParam('bins', 10, 1000),
  rangePct: numberParam('rangePct', 1, 50),
}

function statusSummary(st: HlPositionsStatus): Record<string, unknown> {
  return {
    coin: st.coin,
    addresses: st.addresses.known,
    positions: st.positions,
    rotationMs: Math.round(st.rotationMs),
    weightPerMinute: st.weightPerMinute,
    closedForMs: st.closedForMs,
    stream: st.stream?.state ?? null,
  }
}

export function hlExactRoutes(app: FastifyInstance, hl: HlExact, docs: ApiDocs): void {
  docs.add({
    method: 'get',
    path: '/api/hl-exact',
    summary:
      'Hyperliquid exact liquidation map: positions seen, binned at the venue-computed liquidation price',
    description:
      'Live source only. Same bins as /api/map plus coverage (share of the open interest seen), ' +
      'oldestAgeMs and meanAgeMs. Not running, or no mark price yet: 200 {available: false, reason}.',
    query,
    responses: { '200': 'exact map, or {available: false, reason}', '400': 'bad parameter' },
  })
  app.get('/api/hl-exact', async (req) => {
    const q = parseQuery(query, req.query)
    if (!hl.running) return { available: false, reason: hl.reason }
    if (q.symbol !== undefined && q.symbol !== hl.symbol)
      return {
        available: false,
        reason: `the Hyperliquid position collector follows ${hl.symbol} only`,
      }
    const map = hl.collector.exactMap({
      ...(q.bins !== undefined ? { bins: q.bins } : {}),
      ...(q.rangePct !== undefined ? { rangePct: q.rangePct } : {}),
    })
    const status = statusSummary(hl.collector.status())
    if (!map)
      return {
        available: false,
        reason: "waiting for Hyperliquid's first mark price and open interest",
        status,
      }
    return { available: true, estimated: false, unit: 'USD', ...map, status }
  })
}
