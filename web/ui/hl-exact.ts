/**
 * The "Hyperliquid exact" toggle of the liquidation-map view: asks `/api/hl-exact` (every 30 s)
 * whether the server collects Hyperliquid's real positions; if so the toggle shows the coverage
 * and, when on, the map draws the exact levels beside the estimate. Otherwise it is disabled and
 * its title says why (e.g. a replay: the collector needs the live source).
 * @module
 */
import { age } from '../app/format.ts'
import { getJson, type HlExactAnswer } from '../client/api.ts'
import { h } from './dom.ts'
import type { MapView } from './map-view.ts'

const KEY = 'liqheat.hlExact'
const EVERY_MS = 30_000

export class HlExactToggle {
  readonly input: HTMLInputElement
  private readonly _label: HTMLElement
  private readonly _cov: HTMLElement
  private _last: HlExactAnswer | undefined
  private _timer = 0

  constructor(
    host: HTMLElement,
    private readonly _map: MapView,
    private readonly _query: () => { symbol: string; bins: number },
  ) {
    this.input = h('input', {
      type: 'checkbox',
      id: 'hl-exact-toggle',
      disabled: true,
      onchange: () => {
        try {
          localStorage.setItem(KEY, this.input.checked ? '1' : '0')
        } catch {
          // not kept across reloads then
        }
        this._apply()
      },
    })
    this._cov = h('span', { class: 'hl-cov' })
    this._label = h(
      'label',
      { class: 'hl-exact', id: 'hl-exact', title: 'asking the server…' },
      this.input,
      h('span', { class: 'hl-name' }, 'Hyperliquid exact'),
      h('span', { class: 'hl-short' }, 'HL exact'),
      this._cov,
    )
    try {
      this.input.checked = localStorage.getItem(KEY) === '1'
    } catch {
      this.input.checked = false
    }
    host.append(this._label)
  }

  /** Fetches now and then every 30 s. */
  start(): void {
    clearInterval(this._timer)
    void this.refresh()
    this._timer = window.setInterval(() => void this.refresh(), EVERY_MS)
  }

  async refresh(): Promise<void> {
    const q = this._query()
    try {
      this._last = await getJson<HlExactAnswer>('/api/hl-exact', {
        symbol: q.symbol,
        bins: q.bins,
        rangePct: 12,
      })
    } catch (err) {
      this._last = {
        available: false,
        reason: `cannot ask the server: ${err instanceof Error ? err.message : String(err)}`,
      }
    }
    this._apply()
  }

  private _apply(): void {
    const a = this._last
    if (!a || !a.available) {
      this.input.disabled = true
      this._label.classList.add('off')
      this._label.title = a?.reason ?? 'asking the server…'
      this.input.title = this._label.title
      this._cov.textContent = ''
      this._map.setExact(undefined)
      return
    }
    const cov = `${(a.coverage * 100).toFixed(a.coverage < 0.1 ? 1 : 0)} %`
    this.input.disabled = false
    this._label.classList.remove('off')
    this._cov.textContent = ` (coverage ${cov})`
    this._label.title =
      `Hyperliquid exact (coverage ${cov}): ${a.addresses} accounts' real positions at the venue's own ` +
      `liquidation prices; oldest position ${age(a.oldestAgeMs)} old. Exact for the accounts seen, ` +
      'drawn on its own scale — not added to the estimate.'
    this.input.title = this._label.title
    this._map.setExact(this.input.checked ? a : undefined)
  }
}
