/**
 * The in-memory market state per symbol, fed by a MarketSource. Keeps the closed bars, the
 * model's input bars (`ModelBar`, built incrementally as bars close), open interest, funding,
 * realized liquidations and the latest book per venue; bumps `version` on every closed bar and
 * tells listeners. Everything here is data the source delivered: nothing is invented.
 * @module
 */
import type { BookEvent } from '../core/events.ts'
import type {
  Bar,
  FundingPoint,
  LiquidationEvent,
  MarketData,
  OpenInterestPoint,
  UtcMs,
  Venue,
} from '../core/types.ts'
import { toModelBars } from '../model/index.ts'
import type { ModelBar } from '../model/types.ts'
import type { SourceSink } from './source.ts'

/** Keep at most this many closed bars per symbol (90 days of 5m = 25 920; 1m live gets ~69 days). */
export const MAX_BARS = 100_000

export interface SymbolMarket {
  readonly symbol: string
  timeframeMs: number
  /** Closed bars, time order, no duplicates. */
  bars: Bar[]
  /** The bar still forming, if the source sends those. */
  forming: Bar | undefined
  /** The model's inputs, one per closed bar (same index as `bars`). */
  modelBars: ModelBar[]
  openInterest: OpenInterestPoint[]
  funding: FundingPoint[]
  liquidations: LiquidationEvent[]
  books: Map<Venue, BookEvent>
  /** Venues the data comes from. */
  venues: Venue[]
  /** Bumps when the history is replaced (model runners start over). */
  generation: number
  /** Bumps on every closed bar (caches key on it). */
  version: number
  /** Wall-clock time of the last update of any kind. */
  lastUpdateAt: UtcMs
}

export type BarListener = (market: SymbolMarket, bar: Bar, closed: boolean, at: UtcMs) => void

export class MarketHub implements SourceSink {
  private readonly _markets = new Map<string, SymbolMarket>()
  private readonly _barListeners = new Set<BarListener>()

  constructor(private readonly _now: () => UtcMs = Date.now) {}

  symbols(): string[] {
    return [...this._markets.keys()].sort()
  }

  get(symbol: string): SymbolMarket | undefined {
    return this._markets.get(symbol)
  }

  onBar(listener: BarListener): () => void {
    this._barListeners.add(listener)
    return () => this._barListeners.delete(listener)
  }

  loadHistory(data: MarketData, meta: { readonly venues: readonly Venue[] }): void {
    const prev = this._markets.get(data.symbol)
    const bars = data.bars.slice(-MAX_BARS)
    const market: SymbolMarket = {
      symbol: data.symbol,
      timeframeMs: data.timeframeMs,
      bars,
      forming: undefined,
      modelBars: toModelBars({ ...data, bars }),
      openInterest: [...data.openInterest],
      funding: [...data.funding],
      liquidations: [...data.liquidationEvents],
      books: new Map(),
      venues: [...meta.venues],
      generation: (prev?.generation ?? 0) + 1,
      version: (prev?.version ?? 0) + 1,
      lastUpdateAt: this._now(),
    }
    this._markets.set(data.symbol, market)
  }

  bar(symbol: string, bar: Bar, closed: boolean): void {
    const m = this._markets.get(symbol)
    if (!m) return
    const at = this._now()
    m.lastUpdateAt = at
    const last = m.bars[m.bars.length - 1]
    if (last && bar.ts <= last.ts) return // late or duplicate: history already has it
    if (!closed) {
      m.forming = bar
    } else {
      m.forming = undefined
      m.bars.push(bar)
      m.modelBars.push(this._modelBarFor(m))
      if (m.bars.length > MAX_BARS) {
        m.bars.splice(0, m.bars.length - MAX_BARS)
        m.modelBars.splice(0, m.modelBars.length - MAX_BARS)
        m.generation++
      }
      m.version++
    }
    for (const l of this._barListeners) l(m, bar, closed, at)
  }

  openInterest(symbol: string, point: OpenInterestPoint): void {
    const m = this._markets.get(symbol)
    if (!m) return
    m.openInterest.push(point)
    m.lastUpdateAt = this._now()
  }

  funding(symbol: string, point: FundingPoint): void {
    const m = this._markets.get(symbol)
    if (!m) return
    const last = m.funding[m.funding.length - 1]
    if (last && point.ts <= last.ts) return
    m.funding.push(point)
  }

  liquidation(symbol: string, event: LiquidationEvent): void {
    const m = this._markets.get(symbol)
    if (!m) return
    m.liquidations.push(event)
    if (m.liquidations.length > 200_000) m.liquidations.splice(0, 100_000)
  }

  book(symbol: string, event: BookEvent): void {
    const m = this._markets.get(symbol)
    if (!m) return
    m.books.set(event.venue, event)
  }

  /** Builds the model input for the bar just appended, from a short tail (O(1) per bar). */
  private _modelBarFor(m: SymbolMarket): ModelBar {
    const tail = m.bars.slice(-3)
    const firstTs = tail[0]?.ts ?? 0
    let oiStart = m.openInterest.length
    while (oiStart > 0 && m.openInterest[oiStart - 1].ts >= firstTs) oiStart--
    const openInterest = m.openInterest.slice(Math.max(0, oiStart - 8))
    const built = toModelBars({
      symbol: m.symbol,
      timeframeMs: m.timeframeMs,
      bars: tail,
      openInterest,
      funding: [],
      liquidationEvents: [],
      liquidationBars: [],
      report: EMPTY_REPORT,
    })
    const mb = built[built.length - 1]
    if (!mb) throw new Error('internal: toModelBars returned no bar')
    return mb
  }
}

/**
 * The hub's data for `m` with times in [start, end) — open interest one bar wider on each side,
 * so the first and last bars align — as a data folder reads (for the review and the accuracy).
 */
export function hubMarketData(m: SymbolMarket, start = -Infinity, end = Infinity): MarketData {
  // filters, not binary searches: live liquidation events are in time order per venue only
  const within = <T extends { readonly ts: number }>(xs: readonly T[], pad = 0): T[] =>
    xs.filter((x) => x.ts >= start - pad && x.ts < end + pad)
  return {
    symbol: m.symbol,
    timeframeMs: m.timeframeMs,
    bars: within(m.bars),
    openInterest: within(m.openInterest, m.timeframeMs),
    funding: within(m.funding),
    liquidationEvents: within(m.liquidations),
    liquidationBars: [],
    report: {
      ...EMPTY_REPORT,
      inputsUsed: {
        bars: true,
        volume: m.bars.some((b) => b.volume !== undefined),
        takerSplit: m.bars.some((b) => b.takerBuyVolume !== undefined),
        openInterest: m.openInterest.length > 0,
        funding: m.funding.length > 0,
        liquidations: m.liquidations.length > 0,
      },
    },
  }
}

const EMPTY_REPORT: MarketData['report'] = {
  files: [],
  inputsUsed: {
    bars: true,
    volume: false,
    takerSplit: false,
    openInterest: false,
    funding: false,
    liquidations: false,
  },
  issues: [],
  skippedRows: 0,
}
