/**
 * Staleness you cannot miss: the source and the data's age in the top bar (red past the
 * threshold) and a banner over the chart when the view is on stale data.
 * @module
 */
import type { Freshness } from '../client/api.ts'
import { age } from '../app/format.ts'

export class StatusView {
  private _fresh: Freshness | undefined
  private _at = 0
  private _source = ''
  private _connected = true

  constructor(
    private readonly _pill: HTMLElement,
    private readonly _banner: HTMLElement,
  ) {
    setInterval(() => this.render(), 1000)
  }

  setSource(kind: string): void {
    this._source = kind
    this.render()
  }

  setFreshness(f: Freshness | undefined): void {
    this._fresh = f
    this._at = Date.now()
    this.render()
  }

  setConnected(c: boolean): void {
    this._connected = c
    this.render()
  }

  /** Age now, extrapolated from the last report. */
  ageMs(): number | undefined {
    return this._fresh ? this._fresh.ageMs + (Date.now() - this._at) : undefined
  }

  render(): void {
    const f = this._fresh
    const ageMs = this.ageMs()
    const stale = f !== undefined && ageMs !== undefined && (f.stale || ageMs > f.staleAfterMs)
    const label =
      this._source === 'demo' ? 'DEMO · SIMULATED' : this._source ? this._source.toUpperCase() : '…'
    this._pill.className = `status ${stale || !this._connected ? 'bad' : 'ok'}`
    this._pill.innerHTML =
      `<span class="dot"></span><span class="src">${label}</span>` +
      `<span class="age" id="data-age">${ageMs === undefined ? 'no data' : `data ${age(ageMs)} old`}</span>`
    this._pill.title =
      f?.reason ?? (this._connected ? 'streaming' : 'stream disconnected — reconnecting')
    if (stale) {
      this._banner.hidden = false
      this._banner.textContent = `Stale data — ${f?.reason ?? `last update ${age(ageMs ?? 0)} ago`}. This view may no longer match the market.`
    } else if (!this._connected) {
      this._banner.hidden = false
      this._banner.textContent =
        'Live updates disconnected — reconnecting. The view is frozen until they resume.'
    } else this._banner.hidden = true
  }
}
