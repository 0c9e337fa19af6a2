/**
 * The page's static panels, redrawn from the view state: the notice line, the chart legend, the
 * side controls (venues, tiers, display, overlays, with the colour ramp) and the top controls
 * (timeframe, lookback).
 * @module
 */
import { DEFAULT_TIERS, type ViewState, type ViewStore } from './app/state.ts'
import type { Markets } from './client/api.ts'
import { cssColour } from './chart/colour.ts'
import type { Overlays } from './chart/overlays.ts'
import { renderSideControls, renderTopControls } from './ui/controls.ts'
import { byId } from './ui/dom.ts'

/** Shows `msg` in the notice line for 4 s. */
export function notice(msg: string): void {
  const el = byId('notice')
  el.textContent = msg
  el.hidden = false
  clearTimeout(Number(el.dataset.timer))
  el.dataset.timer = String(setTimeout(() => (el.hidden = true), 4000))
}

/** The legend for view `s` at the shown timeframe `tf`, and the symbol button's label. */
export function renderLegend(s: ViewState, tf: string): void {
  const venues = s.venues.length === 4 ? 'all venues' : s.venues.join(' + ')
  const tiers =
    s.tiers.length === DEFAULT_TIERS.length ? 'all tiers' : s.tiers.map((t) => `${t}×`).join(' ')
  byId('legend-title').textContent = `${s.symbol} · ${tf} · ${s.lookback}`
  const filtered = s.venues.length !== 4 || s.tiers.length !== DEFAULT_TIERS.length
  byId('legend-sub').textContent =
    `Estimated liquidation heatmap · ${venues} · ${tiers}${s.lite ? ' · lite' : ''}` +
    (filtered ? ' · colours on the all-venue, all-tier scale' : '')
  byId('symbol-label').textContent = s.symbol
}

export function renderSide(store: ViewStore, overlays: Overlays): void {
  const p = store.state.palette
  byId('ramp-inline').style.background =
    `linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map((t) => cssColour(p, t)).join(', ')})`
  renderSideControls(
    {
      venues: byId('venues'),
      tiers: byId('tiers'),
      display: byId('display'),
      overlays: byId('overlays'),
    },
    store,
    DEFAULT_TIERS,
    overlays.unavailable,
  )
}

/** The timeframe choices are the symbol's (from /api/markets), or the defaults until it loads. */
export function renderTop(store: ViewStore, markets: Markets | undefined): void {
  renderTopControls(
    byId('tf'),
    byId('lookback'),
    store,
    markets?.symbols.find((m) => m.symbol === store.state.symbol)?.timeframes ?? [
      '5m',
      '15m',
      '1h',
      '4h',
      '1d',
      '1w',
    ],
  )
}
