/**
 * Typed calls to the liqheat API. Errors carry the server's `{parameter, reason}`.
 * @module
 */
import { unzlibSync } from 'fflate'
import { decodeHeatmap, type DecodedHeatmap } from './decode-heatmap.ts'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly parameter: string | undefined,
    readonly reason: string,
  ) {
    // some reasons already start with the field (`withinPct: at most 20 %`)
    super(parameter && !reason.startsWith(`${parameter}:`) ? `${parameter}: ${reason}` : reason)
  }
}

export interface Freshness {
  readonly asOf: number
  readonly ageMs: number
  readonly staleAfterMs: number
  readonly stale: boolean
  readonly reason?: string
}

export interface MarketInfo {
  readonly symbol: string
  readonly timeframe: string
  readonly timeframeMs: number
  readonly dataVenues: readonly string[]
  readonly from: number
  readonly to: number
  readonly price: number
  readonly timeframes: readonly string[]
  readonly defaultTf: string
  readonly hasOpenInterest: boolean
  readonly hasTakerSplit: boolean
  readonly hasFunding: boolean
}

export interface Markets {
  readonly source: 'live' | 'replay' | 'demo'
  readonly symbols: readonly MarketInfo[]
  readonly venues: readonly string[]
  readonly leverages: readonly number[]
  readonly limits: {
    readonly maxCells: number
    readonly maxColumns: number
    readonly maxRows: number
  }
}

export interface Cluster {
  readonly side: 'long' | 'short'
  readonly priceLow: number
  readonly priceHigh: number
  readonly peakPrice: number
  readonly notionalUsd: number
  readonly ageHours: number
  readonly freshShare: number
  readonly growthUsdPerHour?: number
  readonly growthPerHour?: number
  readonly distancePct: number
  readonly roundNumber: boolean
}

export interface ClusterReport {
  readonly at: number
  readonly price: number
  readonly freshHours: number
  readonly above: readonly Cluster[]
  readonly below: readonly Cluster[]
  readonly asymmetry: {
    readonly windowPct: number
    readonly longBelowUsd: number
    readonly shortAboveUsd: number
    readonly ratio: number | null
  }
  readonly freshness: Freshness
}

export interface LiqMap {
  readonly at: number
  readonly price: number
  readonly priceMin: number
  readonly step: number
  readonly long: readonly number[]
  readonly short: readonly number[]
  readonly cumLong: readonly number[]
  readonly cumShort: readonly number[]
  readonly freshness: Freshness
}

export type Overlay =
  { available: false; reason: string } | ({ available: true } & Record<string, unknown>)

export interface Health {
  readonly status: string
  readonly version: string
  readonly source: 'live' | 'replay' | 'demo'
  readonly description: string
  readonly streams: readonly {
    name: string
    state: string
    ageMs: number | null
    stale: boolean
    detail?: string
  }[]
}

export interface Template {
  readonly name: string
  readonly view: Readonly<Record<string, unknown>>
  readonly updatedAt: number
}

async function failure(r: Response): Promise<ApiError> {
  try {
    const b = (await r.json()) as { parameter?: string; reason?: string }
    return new ApiError(r.status, b.parameter, b.reason ?? r.statusText)
  } catch {
    return new ApiError(r.status, undefined, r.statusText || `HTTP ${r.status}`)
  }
}

export async function getJson<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  signal?: AbortSignal,
): Promise<T> {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const qs = q.toString()
  const r = await fetch(qs ? `${path}?${qs}` : path, { signal: signal ?? null })
  if (!r.ok) throw await failure(r)
  return (await r.json()) as T
}

/** zlib inflate in JS (fflate): synchronous, so it runs as soon as the bytes arrive. */
function inflate(body: Uint8Array): Uint8Array {
  return unzlibSync(body)
}

export interface HeatmapResult {
  readonly grid: DecodedHeatmap
  readonly freshness: Freshness | undefined
  readonly bytes: number
}

export async function getHeatmap(
  params: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<HeatmapResult> {
  const q = new URLSearchParams({ format: 'binary' })
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const r = await fetch(`/api/heatmap?${q.toString()}`, { signal: signal ?? null })
  if (!r.ok) throw await failure(r)
  const bytes = new Uint8Array(await r.arrayBuffer())
  const grid = await decodeHeatmap(bytes, inflate)
  const fresh = r.headers.get('x-liqheat-freshness')
  return {
    grid,
    freshness: fresh ? (JSON.parse(fresh) as Freshness) : undefined,
    bytes: bytes.length,
  }
}

export async function putTemplate(name: string, view: Record<string, unknown>): Promise<Template> {
  const r = await fetch(`/api/templates/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ view }),
  })
  if (!r.ok) throw await failure(r)
  return (await r.json()) as Template
}

export async function deleteTemplate(name: string): Promise<void> {
  const r = await fetch(`/api/templates/${encodeURIComponent(name)}`, { method: 'DELETE' })
  if (!r.ok) throw await failure(r)
}

/** A JSON request (POST, PUT, PATCH, DELETE); resolves to the body, or undefined on 204. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T | undefined> {
  const r = await fetch(path, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  })
  if (!r.ok) throw await failure(r)
  if (r.status === 204) return undefined
  return (await r.json()) as T
}

/** `/api/hl-exact`: Hyperliquid's exact map (real positions), or why there is none. */
export type HlExactAnswer =
  | { readonly available: false; readonly reason: string }
  | ({
      readonly available: true
      readonly exact: true
      /** Share (0..1) of Hyperliquid's open interest seen. */
      readonly coverage: number
      /** Age of the oldest position behind the map, ms. */
      readonly oldestAgeMs: number
      readonly meanAgeMs: number
      readonly addresses: number
      readonly seenLongUsd: number
      readonly seenShortUsd: number
    } & Omit<LiqMap, 'freshness'>)
