/**
 * The liqheat page: wires the view state (URL ↔ store), the chart, the side panel, the map and
 * the live stream, the alerts, the exports and Hyperliquid's exact map. Every figure shown is a
 * model estimate (except the exact map, labelled EXACT), and the page says so.
 * @module
 */
import { DEFAULT_TIERS, LITE_TIERS, toUrl, ViewStore, type ViewState } from './app/state.ts'
import { boot } from './app/boot-state.ts'
import { commonParams, heatmapParams, initialView, rowsFor, tfFor } from './app/request.ts'
import { usd } from './app/format.ts'
import {
  ApiError,
  getHeatmap,
  getJson,
  type ClusterReport,
  type Freshness,
  type Health,
  type LiqMap,
  type Markets,
} from './client/api.ts'
import { StreamClient, type StreamMessage } from './client/stream.ts'
import { AlertStream, createRule, type AlertMessage, type NewRule } from './client/alerts.ts'
import { ChartView } from './chart/chart-view.ts'
import { cssColour } from './chart/colour.ts'
import { Overlays } from './chart/overlays.ts'
import { openAlertMenu } from './ui/alert-menu.ts'
import { AlertsPanel } from './ui/alerts-panel.ts'
import { renderClusters, type OnAlert } from './ui/cluster-panel.ts'
import { renderExports } from './ui/exports.ts'
import { HlExactToggle } from './ui/hl-exact.ts'
import { toast } from './ui/toast.ts'
import { renderSideControls, renderTopControls } from './ui/controls.ts'
import { byId } from './ui/dom.ts'
import { MapView } from './ui/map-view.ts'
import { StatusView } from './ui/status.ts'
import { SymbolSearch } from './ui/symbol-search.ts'
import { renderTemplates } from './ui/templates-ui.ts'

const initial: ViewState =
  boot.initial ?? initialView(location.search, window.matchMedia('(max-width: 700px)').matches)
const store = new ViewStore(initial)
const perf = {
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
    return clusters
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
let clusters: ClusterReport | undefined
let generation = 0
let abort: AbortController | undefined

function notice(msg: string): void {
  const el = byId('notice')
  el.textContent = msg
  el.hidden = false
  clearTimeout(Number(el.dataset.timer))
  el.dataset.timer = String(setTimeout(() => (el.hidden = true), 4000))
}

const alertsPanel = new AlertsPanel(byId('alerts'), byId('alerts-count'), notice)

async function createAlert(rule: NewRule): Promise<void> {
  // asked inside the click (browsers want a user gesture), once: when the first rule is made
  if ('Notification' in window && Notification.permission === 'default')
    void Notification.requestPermission().then(() => alertsPanel.render())
  try {
    await createRule(rule)
  } catch (err) {
    toast('Alert not created', err instanceof Error ? err.message : String(err), 'error')
    throw err
  }
  toast('Alert set', rule.name, 'info', 5000)
  await alertsPanel.refresh()
}

const onAlert: OnAlert = (c, anchor) =>
  void openAlertMenu(anchor, store.state.symbol, c, createAlert)

function showClusters(c: ClusterReport | undefined, error?: string): void {
  renderClusters(byId('clusters'), c, overlays.depth, error, onAlert)
}

function onAlertEvent(m: AlertMessage): void {
  void alertsPanel.refresh()
  if (m.event.status !== 'fired') return
  const title = `${m.event.symbol} alert${m.replay ? ' (while you were away)' : ''}`
  toast(title, m.event.message, 'alert', 0)
  if ('Notification' in window && Notification.permission === 'granted') {
    try {
      new Notification(title, { body: m.event.message, tag: `liqheat-${m.event.id}` })
    } catch {
      // some mobile browsers only notify through a service worker; the toast is there
    }
  }
}

chart.onScale = (vmax) => {
  byId('scale-max').textContent = `${usd(vmax)}+`
}

const shownTfOf = (
  g: { header: { meta: Readonly<Record<string, unknown>> } },
  tf: string | undefined,
) => String(g.header.meta.tf ?? tf ?? '')

function renderLegend(s: ViewState, tf: string): void {
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

async function loadSide(s: ViewState, gen: number, signal: AbortSignal): Promise<void> {
  const p = commonParams(s)
  try {
    const [c, m] = await Promise.all([
      getJson<ClusterReport>('/api/clusters', p, signal),
      s.map
        ? getJson<LiqMap>('/api/map', { ...p, bins: s.lite ? 80 : 160, range: 12 }, signal)
        : Promise.resolve(undefined),
    ])
    if (gen !== generation) return
    clusters = c
    chart.setClusters(c)
    showClusters(c)
    mapView.set(m)
    status.setFreshness(c.freshness)
    perf.sideLoads++
  } catch (err) {
    if (gen === generation && !signal.aborted)
      showClusters(undefined, err instanceof Error ? err.message : String(err))
  }
}

async function reload(): Promise<void> {
  const s = store.state
  const gen = ++generation
  abort?.abort()
  abort = new AbortController()
  const signal = abort.signal
  byId('chart-error').hidden = true
  byId('loading').hidden = false
  const tf = tfFor(s)
  try {
    performance.mark('liqheat:fetch')
    const params = heatmapParams(s)
    const pre = boot.prefetch
    boot.prefetch = undefined
    const res = await (pre && pre.key === JSON.stringify(params)
      ? pre.result
      : getHeatmap(params, signal))
    if (gen !== generation) return
    performance.mark('liqheat:decoded')
    perf.lastBytes = res.bytes
    perf.loads++
    const full = s.venues.length === 4 && s.tiers.length === DEFAULT_TIERS.length
    chart.setGrid(res.grid, {
      key: [s.symbol, shownTfOf(res.grid, tf), s.lookback, s.halfLife, rowsFor(s)].join('|'),
      full,
    })
    chart.fitRecent(s.lite ? 200 : 450)
    performance.mark('liqheat:set')
    const shownTf = shownTfOf(res.grid, tf)
    renderLegend(s, shownTf)
    if (res.freshness) status.setFreshness(res.freshness)
    if (!perf.navToHeatmapMs)
      // The chart paints in its own animation-frame callback (queued by setData, so before
      // ours); a message posted from ours runs once that frame is rendered.
      requestAnimationFrame(() => {
        const ch = new MessageChannel()
        ch.port1.onmessage = () => {
          perf.navToHeatmapMs = performance.now()
          performance.mark('liqheat:heatmap-painted')
        }
        ch.port2.postMessage(0)
      })
    stream.subscribe({
      symbol: s.symbol,
      ...(commonParams(s).exchanges ? { exchanges: String(commonParams(s).exchanges) } : {}),
      ...(commonParams(s).leverage ? { leverage: String(commonParams(s).leverage) } : {}),
      ...(s.halfLife ? { halfLife: s.halfLife } : {}),
      tf: shownTf,
      rows: res.grid.header.rows,
      priceMin: res.grid.header.priceMin,
      priceMax: res.grid.header.priceMax,
    })
  } catch (err) {
    if (signal.aborted || gen !== generation) return
    const e = byId('chart-error')
    e.hidden = false
    e.textContent =
      err instanceof ApiError
        ? `Cannot show this view — ${err.message}`
        : `Cannot load the heatmap: ${err instanceof Error ? err.message : String(err)}`
  } finally {
    if (gen === generation) byId('loading').hidden = true
  }
  void loadSide(s, gen, signal)
  void syncOverlays()
}

async function syncOverlays(): Promise<void> {
  const s = store.state
  try {
    await overlays.sync(s.overlays, { symbol: s.symbol, tf: tfFor(s), lookback: s.lookback })
  } catch (err) {
    notice(`overlays: ${err instanceof Error ? err.message : String(err)}`)
  }
  renderSide()
  if (clusters) showClusters(clusters)
  mapView.draw()
}

function renderSide(): void {
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

function renderTop(): void {
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

function onStream(m: StreamMessage): void {
  if (m.type === 'column') {
    if (m.symbol !== store.state.symbol) return
    perf.liveLatencyMs.push(Date.now() - m.closedAt)
    if (perf.liveLatencyMs.length > 500) perf.liveLatencyMs.shift()
    chart.applyColumn(m)
  } else if (m.type === 'price') chart.applyPrice(m.time, m.price)
  else if (m.type === 'clusters') {
    clusters = m
    chart.setClusters(m)
    showClusters(m)
    status.setFreshness(m.freshness)
    if (store.state.map)
      void getJson<LiqMap>('/api/map', {
        ...commonParams(store.state),
        bins: store.state.lite ? 80 : 160,
        range: 12,
      }).then(
        (x) => mapView.set(x),
        () => undefined,
      )
  } else if (m.type === 'status') status.setFreshness(m.freshness as Freshness)
  else if (m.type === 'error') notice(`stream: ${m.reason}`)
}

const stream = new StreamClient(onStream, (c) => status.setConnected(c))
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
  if (reloadKeys.some((k) => changed.has(k))) void reload()
  if (changed.has('palette') || changed.has('scaling') || changed.has('clip'))
    chart.setColour({ palette: s.palette, scaling: s.scaling, clip: s.clip })
  if (changed.has('overlays')) void syncOverlays()
  if (changed.has('symbol') || changed.has('lite')) void hlExact.refresh()
  if (changed.has('map')) {
    byId('map-wrap').hidden = !s.map
    document.body.classList.toggle('with-map', s.map)
    if (s.map) void loadSide(s, generation, abort?.signal ?? new AbortController().signal)
  }
  renderTop()
  renderSide()
})

// redraw the map when the chart's scales move
chart.chart.timeScale().subscribeVisibleLogicalRangeChange(() => mapView.draw())
byId('chart').addEventListener('wheel', () => mapView.draw(), { passive: true })
byId('chart').addEventListener('pointermove', (e) => {
  if (e.buttons) mapView.draw()
})

renderTop()
renderSide()
renderLegend(initial, initial.tf || 'auto')
history.replaceState(null, '', toUrl(initial))
void reload()
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
    () => clusters?.at ?? markets?.symbols.find((m) => m.symbol === store.state.symbol)?.to,
  )
  void alertsPanel.refresh()
  // deliveries move on (pending → delivered / failed): reload the list while it is open
  const alertsCard = byId<HTMLDetailsElement>('alerts-card')
  alertsCard.addEventListener('toggle', () => {
    if (alertsCard.open) void alertsPanel.refresh()
  })
  setInterval(() => {
    if (alertsCard.open && document.visibilityState === 'visible') void alertsPanel.refresh()
  }, 20_000)
  new AlertStream(onAlertEvent, (reason) => notice(`alerts: ${reason}`))
  hlExact.start()
})
void getJson<Markets>('/api/markets').then(
  (m) => {
    markets = m
    status.setSource(m.source)
    byId('sim-badge').hidden = m.source !== 'demo'
    search.setSymbols(m.symbols.map((x) => x.symbol))
    renderTop()
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
