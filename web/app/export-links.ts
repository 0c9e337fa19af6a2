/**
 * The export URLs of a view (pure, so they are unit-tested): the heatmap PNG, the Pine Script,
 * the CSVs and the session review. Parameters follow the server's routes (`src/export/routes.ts`,
 * `src/review/routes.ts`), which refuse unknown ones.
 * @module
 */
import { commonParams, heatmapParams, type Params } from './request.ts'
import type { ViewState } from './state.ts'

export type CsvWhat = 'grid' | 'map' | 'clusters'

/** Review sessions the page offers, hours before the newest data. */
export const REVIEW_SPANS = [8, 24, 72, 168] as const

function url(path: string, p: Params): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== '') q.set(k, String(v))
  return `${path}?${q.toString()}`
}

/** The heatmap as drawn: the `/api/heatmap` query (no `format`) plus palette, scaling and clip. */
export function pngUrl(s: ViewState): string {
  return url('/api/export/png', {
    ...heatmapParams(s),
    palette: s.palette,
    scaling: s.scaling,
    clip: s.clip,
  })
}

export function pineUrl(s: ViewState): string {
  return url('/api/export/pine', { ...commonParams(s), palette: s.palette })
}

/** `grid` covers the view's window; `map` and `clusters` are the state now (no window). */
export function csvUrl(s: ViewState, what: CsvWhat): string {
  if (what === 'grid') return url('/api/export/csv', { what, ...heatmapParams(s) })
  if (what === 'map')
    return url('/api/export/csv', {
      what,
      ...commonParams(s),
      bins: s.lite ? 80 : 160,
      rangePct: 12,
    })
  return url('/api/export/csv', { what, ...commonParams(s) })
}

/** The review of the `hours` before `end` (the newest data, UTC ms). */
export function reviewUrl(s: ViewState, end: number, hours: number): string {
  const { symbol, exchanges, leverage } = commonParams(s)
  return url('/api/review', {
    symbol,
    exchanges,
    leverage,
    from: Math.round(end - hours * 3_600_000),
    to: Math.round(end),
  })
}
