/**
 * Overlays on demand: volume profile (on the price pane), OI delta, funding and CVD (each in its
 * own pane below). Data comes from `/api/overlays`; a kind the source lacks is reported, not faked.
 * @module
 */
import { HistogramSeries, LineSeries, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts'
import { getJson, type Overlay as OverlayData } from '../client/api.ts'
import type { Overlay } from '../app/state.ts'
import type { ChartView } from './chart-view.ts'
import { VolumeProfile } from './volume-profile.ts'

type PaneKind = 'oi' | 'funding' | 'cvd'
const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp

export interface OverlayQuery {
  readonly symbol: string
  readonly tf?: string
  readonly lookback: string
}

export class Overlays {
  private readonly _vp = new VolumeProfile()
  private _vpAttached = false
  private readonly _panes = new Map<PaneKind, ISeriesApi<'Histogram' | 'Line'>>()
  /** Why an overlay is missing (kind → reason), for the UI. */
  readonly unavailable = new Map<Overlay, string>()
  /** The last depth-at-clusters answer, for the cluster panel. */
  depth: OverlayData | undefined

  constructor(private readonly _view: ChartView) {}

  async sync(enabled: readonly Overlay[], q: OverlayQuery): Promise<void> {
    const chart = this._view.chart
    const params = { symbol: q.symbol, tf: q.tf, lookback: q.lookback }
    this.unavailable.clear()
    const want = new Set(enabled)
    // volume profile
    if (want.has('vp')) {
      const d = await getJson<OverlayData>('/api/overlays', {
        ...params,
        kind: 'volume-profile',
        tf: undefined,
      })
      if (d.available) {
        if (!this._vpAttached) this._view.candles.attachPrimitive(this._vp)
        this._vpAttached = true
        this._vp.set({
          priceMin: Number(d.priceMin),
          step: Number(d.step),
          volume: d.volume as number[],
        })
      } else this.unavailable.set('vp', d.reason)
    } else if (this._vpAttached) {
      this._view.candles.detachPrimitive(this._vp)
      this._vpAttached = false
    }
    // panes
    const kinds: [PaneKind, string][] = [
      ['oi', 'oi-delta'],
      ['funding', 'funding'],
      ['cvd', 'cvd'],
    ]
    for (const [kind, api] of kinds) {
      const series = this._panes.get(kind)
      if (!want.has(kind)) {
        if (series) {
          chart.removeSeries(series)
          this._panes.delete(kind)
        }
        continue
      }
      const d = await getJson<OverlayData>('/api/overlays', { ...params, kind: api })
      if (!d.available) {
        this.unavailable.set(kind, d.reason)
        if (series) {
          chart.removeSeries(series)
          this._panes.delete(kind)
        }
        continue
      }
      const s = series ?? this._addPane(kind)
      const points = d.points as {
        time: number
        delta?: number | null
        rate?: number
        cvd?: number
      }[]
      if (kind === 'oi')
        s.setData(
          points
            .filter((p) => p.delta !== null && p.delta !== undefined)
            .map((p) => ({
              time: sec(p.time),
              value: p.delta ?? 0,
              color: (p.delta ?? 0) >= 0 ? 'rgba(34,197,94,0.7)' : 'rgba(239,68,68,0.7)',
            })),
        )
      else if (kind === 'funding')
        s.setData(
          points.map((p) => ({
            time: sec(p.time),
            value: (p.rate ?? 0) * 100,
            color: (p.rate ?? 0) >= 0 ? 'rgba(56,189,248,0.8)' : 'rgba(251,146,60,0.8)',
          })),
        )
      else s.setData(points.map((p) => ({ time: sec(p.time), value: p.cvd ?? 0 })))
    }
    this.depth = want.has('depth')
      ? await getJson<OverlayData>('/api/overlays', { symbol: q.symbol, kind: 'depth' })
      : undefined
    if (this.depth && !this.depth.available) this.unavailable.set('depth', this.depth.reason)
    // drop panes left empty
    for (let i = chart.panes().length - 1; i > 0; i--)
      if (chart.panes()[i].getSeries().length === 0) chart.removePane(i)
  }

  private _addPane(kind: PaneKind): ISeriesApi<'Histogram' | 'Line'> {
    const chart = this._view.chart
    const pane = chart.panes().length
    const title = kind === 'oi' ? 'OI Δ' : kind === 'funding' ? 'Funding %' : 'CVD'
    const s =
      kind === 'cvd'
        ? chart.addSeries(
            LineSeries,
            { color: '#a78bfa', lineWidth: 2, title, priceLineVisible: false },
            pane,
          )
        : chart.addSeries(
            HistogramSeries,
            {
              title,
              priceLineVisible: false,
              priceFormat:
                kind === 'funding'
                  ? { type: 'price', precision: 4, minMove: 0.0001 }
                  : { type: 'volume' },
            },
            pane,
          )
    chart.panes()[pane]?.setHeight(90)
    this._panes.set(kind, s)
    return s
  }
}
