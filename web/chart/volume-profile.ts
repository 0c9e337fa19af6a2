/**
 * Volume profile: horizontal bars of traded volume per price bin on the right of the price pane,
 * drawn as a series primitive in bitmap coordinates.
 * @module
 */
import type { CanvasRenderingTarget2D } from 'fancy-canvas'
import type {
  IPrimitivePaneRenderer,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  SeriesType,
  Time,
} from 'lightweight-charts'

export interface VolumeProfileData {
  readonly priceMin: number
  readonly step: number
  readonly volume: readonly number[]
}

class Renderer implements IPrimitivePaneRenderer {
  constructor(
    private readonly _data: VolumeProfileData | undefined,
    private readonly _series: ISeriesApi<SeriesType, Time> | undefined,
  ) {}

  draw(target: CanvasRenderingTarget2D): void {
    const d = this._data
    const s = this._series
    if (!d || !s || d.volume.length === 0) return
    target.useBitmapCoordinateSpace((scope) => {
      const ctx = scope.context
      const width = scope.bitmapSize.width
      const maxW = width * 0.22
      let max = 0
      for (const v of d.volume) max = Math.max(max, v)
      if (!(max > 0)) return
      let poc = 0
      d.volume.forEach((v, i) => {
        if (v > d.volume[poc]) poc = i
      })
      d.volume.forEach((v, i) => {
        const y0 = s.priceToCoordinate(d.priceMin + (i + 1) * d.step)
        const y1 = s.priceToCoordinate(d.priceMin + i * d.step)
        if (y0 === null || y1 === null) return
        const w = (v / max) * maxW
        ctx.fillStyle = i === poc ? 'rgba(250, 204, 21, 0.45)' : 'rgba(148, 163, 184, 0.22)'
        const top = Math.round(y0 * scope.verticalPixelRatio)
        const h = Math.max(1, Math.round((y1 - y0) * scope.verticalPixelRatio) - 1)
        ctx.fillRect(Math.round(width - w), top, Math.round(w), h)
      })
    })
  }
}

class View implements IPrimitivePaneView {
  constructor(private readonly _p: VolumeProfile) {}
  zOrder(): 'top' {
    return 'top'
  }
  renderer(): IPrimitivePaneRenderer {
    return new Renderer(this._p.data, this._p.series)
  }
}

export class VolumeProfile implements ISeriesPrimitive<Time> {
  data: VolumeProfileData | undefined
  series: ISeriesApi<SeriesType, Time> | undefined
  private _request: (() => void) | undefined
  private readonly _views = [new View(this)]

  attached(p: SeriesAttachedParameter<Time>): void {
    this.series = p.series
    this._request = p.requestUpdate
  }
  detached(): void {
    this.series = undefined
    this._request = undefined
  }
  paneViews(): readonly IPrimitivePaneView[] {
    return this._views
  }
  set(data: VolumeProfileData | undefined): void {
    this.data = data
    this._request?.()
  }
}
