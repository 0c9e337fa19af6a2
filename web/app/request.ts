/**
 * What the page asks the API for a view: the initial view (phones start in lite mode), the
 * heatmap's timeframe and rows, and the filter parameters every data call shares.
 * @module
 */
import { DEFAULT_TIERS, DEFAULT_VIEW, fromUrl, LITE_TIERS, type ViewState } from './state.ts'

export type Params = Record<string, string | number | undefined>

/** The view from the URL; without parameters a phone gets lite mode and no map panel. */
export function initialView(search: string, phone: boolean): ViewState {
  return fromUrl(search, {
    ...DEFAULT_VIEW,
    lite: phone,
    tiers: phone ? LITE_TIERS : DEFAULT_TIERS,
    map: !phone,
  })
}

/** Timeframe to ask for: the chosen one; in lite mode a coarse one; else the server's fit. */
export function tfFor(s: ViewState): string | undefined {
  if (s.tf) return s.tf
  if (!s.lite) return undefined
  return { '3d': '15m', '7d': '30m', '14d': '1h', '30d': '2h', '90d': '6h' }[s.lookback]
}

export const rowsFor = (s: ViewState): number => (s.lite ? 100 : 200)

export function commonParams(s: ViewState): Params {
  return {
    symbol: s.symbol,
    exchanges: s.venues.length === 4 ? undefined : s.venues.join(','),
    leverage: s.tiers.length === DEFAULT_TIERS.length ? undefined : s.tiers.join(','),
    halfLife: s.halfLife || undefined,
  }
}

export function heatmapParams(s: ViewState): Params {
  return { ...commonParams(s), lookback: s.lookback, tf: tfFor(s), rows: rowsFor(s) }
}
