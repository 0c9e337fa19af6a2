/**
 * The liqheat page: wires the view state (URL ↔ store), the chart, the side panel, the map and
 * the live stream, the alerts, the exports and Hyperliquid's exact map. Every figure shown is a
 * model estimate (except the exact map, labelled EXACT), and the page says so. Loading and the
 * live stream are in `page-data.ts`, the panels in `page-panels.ts`, alerts in `page-alerts.ts`.
 * @module
 */
import { DEFAULT_TIERS, LITE_TIERS, toUrl, ViewStore, type ViewState } from './app/state.ts'
import { boot } from './app/boot-state.ts'
import { initialView } from './app/request.ts'
import { usd } from './app/format.ts'
import { getJson, type Health, type Markets } from './client/api.ts'
import { ChartView } from './chart/chart-view.ts'
import { Overlays } from './chart/overlays.ts'
import { openAlertMenu } from './ui/alert-menu.ts'
import { AlertsPanel } from './ui/alerts-panel.ts'
import type { OnAlert } from './ui/cluster-panel.ts'
import { renderExports } from './ui/exports.ts'
import { HlExactToggle } from './ui/hl-exact.ts'
import { byId } from './ui/dom.ts'
import { MapView } from './ui/map-view.ts'
import { StatusView } from './ui/status.ts'
import { SymbolSearch } from './ui/symbol-search.ts'
import { renderTemplates } from './ui/templates-ui.ts'
import { createAlert, startAlerts } from './page-alerts.ts'
import { startAccuracyCard } from './ui/accuracy-card.ts'
import { startModelCard } from './ui/model-card.ts'
import { PageData, type PagePerf } from './page-data.ts'
import { notice, renderLegend, renderSide, renderTop } from './page-panels.ts'

const initial: ViewState =
  boot.initial ?? initialView(location.search, window.matchMedia('(max-width: 700px)').matches)
const store = new ViewStore(initial)
const perf: PagePerf = {
  navToHeatmapMs: 0,
  liveLatencyMs: [] as number[],
  lastBytes: 0,
  loads: 0,
  sideLoads: 0,
}
const debugHandle = {
  perf,
  store,
  get chart() {
    return chart
  },
  get clusters() {
    return data.clusters
  },
  get alerts() {
    return alertsPanel
  },
  get map() {
    return mapView
  },
}
;(window as unknown as { __liqheat: typeof debugHandle }).__liqheat = debugHandle

performance.mark('liqheat:script')
const status = new StatusView(byId('status'), byId('stale-banner'))
const chart = new ChartView(byId('chart'), {
  palette: initial.palette,
  scaling: initial.scaling,
  clip: initial.clip,
})
const overlays = new Overlays(chart)
const mapView = new MapView(
  byId<HTMLCanvasElement>('map'),
  (p) => chart.candles.priceToCoordinate(p),
  () => chart.chart.panes()[0]?.getHeight() ?? 0,
)
let markets: Markets | undefined

const alertsPanel = new AlertsPanel(byId('alerts'), byId('alerts-count'), notice)

const onAlert: OnAlert = (c, anchor) =>
  void openAlertMenu(anchor, store.state.symbol, c, (rule) => createAlert(alertsPanel, rule))

chart.onScale = (vmax) => {
  byId('scale-max').textContent = `${usd(vmax)}+`
}

const data = new PageData({ store, perf, status, chart, overlays, mapView, onAlert })
const search = new SymbolSearch((symbol) => store.set({ symbol }))
byId('symbol-btn').addEventListener('click', () => search.open())
byId('map-wrap').hidden = !initial.map
document.body.classList.toggle('with-map', initial.map)
const hlExact = new HlExactToggle(byId('hl-exact-host'), mapView, () => ({
  symbol: store.state.symbol,
  bins: store.state.lite ? 80 : 160,
}))

store.subscribe((s, changed) => {
  history.replaceState(null, '', toUrl(s))
  const reloadKeys: (keyof ViewState)[] = [
    'symbol',
    'tf',
    'lookback',
    'venues',
    'tiers',
    'halfLife',
    'lite',
  ]
  if (changed.has('lite') && !changed.has('tiers')) {
    store.set({ tiers: s.lite ? LITE_TIERS : DEFAULT_TIERS })
    return
  }
  if (reloadKeys.some((k) => changed.has(k))) void data.reload()
  if (changed.has('palette') || changed.has('scaling') || changed.has('clip'))
    chart.setColour({ palette: s.palette, scaling: s.scaling, clip: s.clip })
  if (changed.has('overlays')) void data.syncOverlays()
  if (changed.has('symbol') || changed.has('lite')) void hlExact.refresh()
  if (changed.has('map')) {
    byId('map-wrap').hidden = !s.map
    document.body.classList.toggle('with-map', s.map)
    if (s.map) data.refreshSide(s)
  }
  renderTop(store, markets)
  renderSide(store, overlays)
})

// redraw the map when the chart's scales move
chart.chart.timeScale().subscribeVisibleLogicalRangeChange(() => mapView.draw())
byId('chart').addEventListener('wheel', () => mapView.draw(), { passive: true })
byId('chart').addEventListener('pointermove', (e) => {
  if (e.buttons) mapView.draw()
})

renderTop(store, markets)
renderSide(store, overlays)
renderLegend(initial, initial.tf || 'auto')
history.replaceState(null, '', toUrl(initial))
void data.reload()
// not needed for the first paint: after it
const afterFirstPaint = (): Promise<void> =>
  perf.navToHeatmapMs
    ? Promise.resolve()
    : new Promise((r) => setTimeout(() => void afterFirstPaint().then(r), 50))
void afterFirstPaint().then(() => {
  void renderTemplates(byId('templates'), store, notice)
  renderExports(
    byId('exports'),
    store,
    () => data.clusters?.at ?? markets?.symbols.find((m) => m.symbol === store.state.symbol)?.to,
  )
  startAlerts(alertsPanel)
  hlExact.start()
  startModelCard(byId<HTMLDetailsElement>('model-card'), byId('model'))
  startAccuracyCard(
    byId<HTMLDetailsElement>('accuracy-card'),
    byId('accuracy'),
    () => store.state.symbol,
  )
})
void getJson<Markets>('/api/markets').then(
  (m) => {
    markets = m
    status.setSource(m.source)
    byId('sim-badge').hidden = m.source !== 'demo'
    search.setSymbols(m.symbols.map((x) => x.symbol))
    renderTop(store, markets)
  },
  (err: unknown) => notice(`markets: ${err instanceof Error ? err.message : String(err)}`),
)
setInterval(() => {
  void getJson<Health>('/api/health').then(
    (h) => status.setSource(h.source),
    () => status.setConnected(false),
  )
}, 15_000)

// The offline shell (web/public/sw.js): caches the page and its hashed assets, never the API.
if ('serviceWorker' in navigator)
  void navigator.serviceWorker.register('/sw.js').catch(() => undefined)
