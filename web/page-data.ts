/**
 * The page's data: loads the heatmap for the view (dropping answers to superseded requests), then
 * the side panel (clusters, and the map when shown), syncs the overlays, and applies the live
 * stream (new columns, the price, cluster and freshness updates) to the chart and panels.
 * @module
 */
import { DEFAULT_TIERS, type ViewState, type ViewStore } from './app/state.ts'
import { boot } from './app/boot-state.ts'
import { commonParams, heatmapParams, rowsFor, tfFor } from './app/request.ts'
import {
  ApiError,
  getHeatmap,
  getJson,
  type ClusterReport,
  type Freshness,
  type LiqMap,
} from './client/api.ts'
import { StreamClient, type StreamMessage } from './client/stream.ts'
import type { ChartView } from './chart/chart-view.ts'
import type { Overlays } from './chart/overlays.ts'
import { renderClusters, type OnAlert } from './ui/cluster-panel.ts'
import { byId } from './ui/dom.ts'
import type { MapView } from './ui/map-view.ts'
import type { StatusView } from './ui/status.ts'
import { notice, renderLegend, renderSide } from './page-panels.ts'

/** Load and live-stream figures, read by the e2e tests and the web bench via `window.__liqheat`. */
export interface PagePerf {
  navToHeatmapMs: number
  liveLatencyMs: number[]
  lastBytes: number
  loads: number
  sideLoads: number
}

/** What the data side draws into. */
export interface PageViews {
  readonly store: ViewStore
  readonly perf: PagePerf
  readonly status: StatusView
  readonly chart: ChartView
  readonly overlays: Overlays
  readonly mapView: MapView
  readonly onAlert: OnAlert
}

const shownTfOf = (
  g: { header: { meta: Readonly<Record<string, unknown>> } },
  tf: string | undefined,
) => String(g.header.meta.tf ?? tf ?? '')

export class PageData {
  /** The last cluster report shown (loaded or streamed). */
  clusters: ClusterReport | undefined
  /** Bumped by every reload; an answer for an older one is dropped. */
  generation = 0
  abort: AbortController | undefined
  readonly stream: StreamClient

  constructor(private readonly _v: PageViews) {
    this.stream = new StreamClient(
      (m) => this._onStream(m),
      (c) => _v.status.setConnected(c),
    )
  }

  showClusters(c: ClusterReport | undefined, error?: string): void {
    renderClusters(byId('clusters'), c, this._v.overlays.depth, error, this._v.onAlert)
  }

  async loadSide(s: ViewState, gen: number, signal: AbortSignal): Promise<void> {
    const { chart, mapView, status, perf } = this._v
    const p = commonParams(s)
    try {
      const [c, m] = await Promise.all([
        getJson<ClusterReport>('/api/clusters', p, signal),
        s.map
          ? getJson<LiqMap>('/api/map', { ...p, bins: s.lite ? 80 : 160, range: 12 }, signal)
          : Promise.resolve(undefined),
      ])
      if (gen !== this.generation) return
      this.clusters = c
      chart.setClusters(c)
      this.showClusters(c)
      mapView.set(m)
      status.setFreshness(c.freshness)
      perf.sideLoads++
    } catch (err) {
      if (gen === this.generation && !signal.aborted)
        this.showClusters(undefined, err instanceof Error ? err.message : String(err))
    }
  }

  /** Loads the side panel for the current generation (when the map is switched on). */
  refreshSide(s: ViewState): void {
    void this.loadSide(s, this.generation, this.abort?.signal ?? new AbortController().signal)
  }

  async reload(): Promise<void> {
    const { store, chart, status, perf } = this._v
    const s = store.state
    const gen = ++this.generation
    this.abort?.abort()
    this.abort = new AbortController()
    const signal = this.abort.signal
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
      if (gen !== this.generation) return
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
      this.stream.subscribe({
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
      if (signal.aborted || gen !== this.generation) return
      const e = byId('chart-error')
      e.hidden = false
      e.textContent =
        err instanceof ApiError
          ? `Cannot show this view — ${err.message}`
          : `Cannot load the heatmap: ${err instanceof Error ? err.message : String(err)}`
    } finally {
      if (gen === this.generation) byId('loading').hidden = true
    }
    void this.loadSide(s, gen, signal)
    void this.syncOverlays()
  }

  async syncOverlays(): Promise<void> {
    const { store, overlays, mapView } = this._v
    const s = store.state
    try {
      await overlays.sync(s.overlays, { symbol: s.symbol, tf: tfFor(s), lookback: s.lookback })
    } catch (err) {
      notice(`overlays: ${err instanceof Error ? err.message : String(err)}`)
    }
    renderSide(store, overlays)
    if (this.clusters) this.showClusters(this.clusters)
    mapView.draw()
  }

  private _onStream(m: StreamMessage): void {
    const { store, chart, status, mapView, perf } = this._v
    if (m.type === 'column') {
      if (m.symbol !== store.state.symbol) return
      perf.liveLatencyMs.push(Date.now() - m.closedAt)
      if (perf.liveLatencyMs.length > 500) perf.liveLatencyMs.shift()
      chart.applyColumn(m)
    } else if (m.type === 'price') chart.applyPrice(m.time, m.price)
    else if (m.type === 'clusters') {
      this.clusters = m
      chart.setClusters(m)
      this.showClusters(m)
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
}
