/**
 * The page's view state and its URL form: everything a link needs to reproduce the view.
 * Templates store the layout part (not symbol, timeframe or lookback) so one applies anywhere.
 * @module
 */

export const VENUES = ['binance', 'bybit', 'okx', 'hyperliquid'] as const
export type Venue = (typeof VENUES)[number]
export const PALETTES = ['viridis', 'inferno', 'magma', 'turbo', 'greyscale'] as const
export type Palette = (typeof PALETTES)[number]
export const SCALINGS = ['linear', 'sqrt', 'log'] as const
export type Scaling = (typeof SCALINGS)[number]
export const LOOKBACKS = ['3d', '7d', '14d', '30d', '90d'] as const
export type Lookback = (typeof LOOKBACKS)[number]
export const OVERLAYS = ['vp', 'oi', 'funding', 'cvd', 'depth'] as const
export type Overlay = (typeof OVERLAYS)[number]
export const OVERLAY_LABELS: Record<Overlay, string> = {
  vp: 'Volume profile',
  oi: 'OI delta',
  funding: 'Funding',
  cvd: 'CVD',
  depth: 'Book depth at clusters',
}
/** Decay half-life choices in hours; 0 = the model's per-tier defaults. */
export const HALF_LIVES = [0, 6, 12, 24, 48, 96, 168] as const
export const DEFAULT_TIERS = [5, 10, 20, 25, 50, 75, 100, 125]
/** Lite mode keeps the high-leverage tiers only. */
export const LITE_TIERS = [25, 50, 100]

export interface ViewState {
  symbol: string
  /** '' = chosen to fit the lookback. */
  tf: string
  lookback: Lookback
  venues: Venue[]
  tiers: number[]
  palette: Palette
  scaling: Scaling
  /** Upper clip percentile, 90…100. */
  clip: number
  /** Hours; 0 = per-tier defaults. */
  halfLife: number
  overlays: Overlay[]
  /** Show the liquidation-map panel beside the heatmap. */
  map: boolean
  lite: boolean
}

export const DEFAULT_VIEW: ViewState = {
  symbol: 'BTCUSDT',
  tf: '',
  lookback: '7d',
  venues: [...VENUES],
  tiers: [...DEFAULT_TIERS],
  palette: 'viridis',
  scaling: 'linear',
  clip: 99,
  halfLife: 0,
  overlays: [],
  map: true,
  lite: false,
}

/** Keys a template carries (the layout, not what is being looked at). */
export const TEMPLATE_KEYS = [
  'venues',
  'tiers',
  'palette',
  'scaling',
  'clip',
  'halfLife',
  'overlays',
  'map',
  'lite',
] as const

function oneOf<T extends string>(v: string | null, list: readonly T[], fallback: T): T {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback
}

function listOf<T extends string>(v: string | null, list: readonly T[], fallback: T[]): T[] {
  if (v === null) return fallback
  if (v === '') return []
  return v.split(',').filter((x): x is T => (list as readonly string[]).includes(x))
}

function numbers(v: string | null, fallback: number[], allowed: readonly number[]): number[] {
  if (v === null) return fallback
  return v
    .split(',')
    .map(Number)
    .filter((n) => allowed.includes(n))
}

export function fromUrl(search: string, base: ViewState = DEFAULT_VIEW): ViewState {
  const q = new URLSearchParams(search)
  const clip = Number(q.get('clip'))
  const hl = Number(q.get('hl'))
  const lite = q.get('lite') === null ? base.lite : q.get('lite') === '1'
  return {
    symbol: (q.get('s') ?? base.symbol).toUpperCase().replace(/[^A-Z0-9]/g, '') || base.symbol,
    tf: /^\d+[mhdw]$/i.test(q.get('tf') ?? '') ? (q.get('tf') ?? '') : base.tf,
    lookback: oneOf(q.get('lb'), LOOKBACKS, base.lookback),
    venues: listOf(q.get('v'), VENUES, base.venues),
    tiers: numbers(
      q.get('lev'),
      lite && q.get('lev') === null ? LITE_TIERS : base.tiers,
      DEFAULT_TIERS,
    ),
    palette: oneOf(q.get('pal'), PALETTES, base.palette),
    scaling: oneOf(q.get('sc'), SCALINGS, base.scaling),
    clip: q.get('clip') !== null && clip >= 90 && clip <= 100 ? clip : base.clip,
    halfLife: (HALF_LIVES as readonly number[]).includes(hl) ? hl : base.halfLife,
    overlays: listOf(q.get('ov'), OVERLAYS, base.overlays),
    map: q.get('map') === null ? base.map : q.get('map') === '1',
    lite,
  }
}

export function toUrl(s: ViewState): string {
  const q = new URLSearchParams()
  q.set('s', s.symbol)
  if (s.tf) q.set('tf', s.tf)
  q.set('lb', s.lookback)
  if (s.venues.length !== VENUES.length) q.set('v', s.venues.join(','))
  // lite mode defaults to its own tiers, so write them whenever they differ from that default
  const tiersDefault = s.lite ? LITE_TIERS : DEFAULT_TIERS
  if (s.tiers.join() !== tiersDefault.join()) q.set('lev', s.tiers.join(','))
  if (s.palette !== DEFAULT_VIEW.palette) q.set('pal', s.palette)
  if (s.scaling !== DEFAULT_VIEW.scaling) q.set('sc', s.scaling)
  if (s.clip !== DEFAULT_VIEW.clip) q.set('clip', String(s.clip))
  if (s.halfLife) q.set('hl', String(s.halfLife))
  if (s.overlays.length) q.set('ov', s.overlays.join(','))
  q.set('map', s.map ? '1' : '0')
  if (s.lite) q.set('lite', '1')
  return `?${q.toString()}`
}

/** The template part of a view. */
export function layoutOf(s: ViewState): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k of TEMPLATE_KEYS) out[k] = s[k]
  return out
}

/** Applies a stored layout onto a view, ignoring anything unknown or invalid. */
export function applyLayout(s: ViewState, layout: Readonly<Record<string, unknown>>): ViewState {
  const q = new URLSearchParams()
  const str = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v))
  const map: Record<string, string> = {
    venues: 'v',
    tiers: 'lev',
    palette: 'pal',
    scaling: 'sc',
    clip: 'clip',
    halfLife: 'hl',
    overlays: 'ov',
  }
  for (const [k, p] of Object.entries(map)) if (layout[k] !== undefined) q.set(p, str(layout[k]))
  if (typeof layout.map === 'boolean') q.set('map', layout.map ? '1' : '0')
  if (typeof layout.lite === 'boolean') q.set('lite', layout.lite ? '1' : '0')
  return fromUrl(q.toString(), s)
}

type Listener = (s: ViewState, changed: ReadonlySet<keyof ViewState>) => void

/** A tiny observable store for the view. */
export class ViewStore {
  private _listeners = new Set<Listener>()
  constructor(private _state: ViewState) {}

  get state(): ViewState {
    return this._state
  }

  set(patch: Partial<ViewState>): void {
    const changed = new Set<keyof ViewState>()
    for (const k of Object.keys(patch) as (keyof ViewState)[]) {
      if (JSON.stringify(patch[k]) !== JSON.stringify(this._state[k])) changed.add(k)
    }
    if (changed.size === 0) return
    this._state = { ...this._state, ...patch }
    for (const l of this._listeners) l(this._state, changed)
  }

  subscribe(l: Listener): () => void {
    this._listeners.add(l)
    return () => this._listeners.delete(l)
  }
}
