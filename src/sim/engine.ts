/**
 * The simulated perpetual-futures market, tick by tick. Each tick: due trader events run (entries,
 * time exits, expiring limit orders) and their market orders trade at the last price; the
 * background walk moves the price; the order flow moves it further; then every trigger the price
 * reached fires — liquidations and stops (market orders that move the price again, so cascades
 * happen within the tick), take-profits and resting entries (limit fills). See docs/simulator.md.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import type { FundingPoint, Side, UtcMs } from '../core/types.ts'
import { BarAcc } from './bar-acc.ts'
import { EventHeap } from './event-heap.ts'
import { MarketState } from './market-state.ts'
import { effectiveDepth, resolveSimParams, type SimParams } from './params.ts'
import { PriceProcess } from './price-process.ts'
import { cumulative, Prng } from './prng.ts'
import { FLAT, OPEN, PENDING, Traders } from './traders.ts'
import { TriggerIndex } from './trigger-index.ts'
import {
  EXIT_LIQUIDATION,
  EXIT_STOP_LOSS,
  EXIT_TAKE_PROFIT,
  EXIT_TIME,
  LOT,
  TruthLog,
} from './truth-log.ts'
import { finishBar } from './publish.ts'
import type { SimBar, SimStats } from './types.ts'
import { drawEntry, planExits } from './trader-plan.ts'
import { positionLiqPrice, sizePosition, venueMargin, type VenueMargin } from './venue-margin.ts'

const HOUR = 3_600_000
const DAY = 86_400_000
/** Safety cap on trigger rounds within one tick (each round fires at least one trigger). */
const MAX_ROUNDS = 100_000

export interface EngineOptions {
  readonly seed: number | string
  readonly params?: Partial<SimParams>
  /** Bar length, ms. */
  readonly tfMs: number
  /** Open time of the first published bar. */
  readonly startTs: UtcMs
  /** Keep the truth log (off for the endless demo source). Default true. */
  readonly recordTruth?: boolean
}

export class MarketSim {
  readonly params: SimParams
  readonly tfMs: number
  readonly startTs: UtcMs
  readonly burnInStartTs: UtcMs
  readonly truth: TruthLog | undefined
  readonly stats: SimStats = {
    positionsOpened: 0,
    liquidations: 0,
    liquidatedUsd: 0,
    cascadeTicks: 0,
    maxCascadeDepth: 0,
    ticks: 0,
  }
  readonly tr: Traders
  readonly px: PriceProcess
  readonly ms: MarketState
  /** Traders' open interest, lots of 0.001, each side. */
  longLots = 0
  shortLots = 0
  openCount = 0
  /** Last traded price. */
  price: number
  /** Time of the next tick. */
  private _t: number
  private readonly _rng: Prng
  private readonly _heap: EventHeap
  private readonly _below: TriggerIndex
  private readonly _above: TriggerIndex
  private readonly _fired: Int32Array
  private readonly _vm: VenueMargin[]
  private readonly _levCum: Float64Array
  private readonly _bar = new BarAcc()
  /** Signed USD of market orders waiting to hit the book this tick. */
  private _flow = 0
  private _liqRound = 0
  private _liqUsdTick = 0

  constructor(opts: EngineOptions) {
    const p = resolveSimParams(opts.params)
    this.params = p
    if (!Number.isInteger(opts.tfMs) || opts.tfMs <= 0 || opts.tfMs % p.tickMs !== 0)
      throw new UsageError(
        `--tf: ${opts.tfMs} ms is not a multiple of the ${p.tickMs} ms tick`,
        '--tf',
      )
    if (opts.startTs % opts.tfMs !== 0)
      throw new UsageError(`--start: ${opts.startTs} is not aligned to the bar length`, '--start')
    this.tfMs = opts.tfMs
    this.startTs = opts.startTs
    const burnBars = Math.ceil((p.burnInDays * DAY) / opts.tfMs)
    this.burnInStartTs = opts.startTs - burnBars * opts.tfMs
    this._t = this.burnInStartTs
    const seed = opts.seed
    this.tr = new Traders(p, new Prng(seed, 0))
    this.px = new PriceProcess(p, effectiveDepth(p), new Prng(seed, 1))
    this.ms = new MarketState(p, new Prng(seed, 3))
    this._rng = new Prng(seed, 2)
    this.truth = opts.recordTruth === false ? undefined : new TruthLog(p.venues, 4096)
    this._heap = new EventHeap(p.traders + 16)
    this._below = new TriggerIndex(p.traders, 'below')
    this._above = new TriggerIndex(p.traders, 'above')
    this._fired = new Int32Array(2 * p.traders)
    this._vm = p.venues.map((v) => venueMargin(v, p.symbol))
    this._levCum = cumulative(p.leverage.weights)
    this.price = this.px.price()
    // Traders start flat; first entries spread over one mean flat time.
    for (let i = 0; i < p.traders; i++) {
      this._heap.push(this._t + this._rng.exponential(p.flatMeanHours * HOUR), i, 0)
    }
  }

  /** Time of the next tick (the open of the next bar between bars). */
  get now(): number {
    return this._t
  }

  /** Runs the burn-in (bars before `startTs`), discarding what they publish. */
  burnIn(): void {
    while (this._t < this.startTs) this.nextBar()
  }

  /** Simulates one bar (its open is `now`) and returns what it publishes. */
  nextBar(): SimBar {
    const p = this.params
    const bar = this._bar
    bar.start(this._t, this.price)
    const end = this._t + this.tfMs
    const fundingMs = p.fundingIntervalHours * HOUR
    const funding: FundingPoint[] = []
    while (this._t < end) {
      const t = this._t
      this._tick(t)
      const next = t + p.tickMs
      if (next % fundingMs === 0) {
        funding.push({
          ts: next,
          rate: this.ms.settleFunding(),
          intervalHours: p.fundingIntervalHours,
        })
      }
      this._t = next
    }
    return finishBar(this, bar, end, funding)
  }

  private _tick(t: number): void {
    this.stats.ticks++
    this._flow = 0
    while (this._heap.peekTime() <= t) {
      this._heap.pop()
      const i = this._heap.poppedTrader
      if (this._heap.poppedStamp !== this.tr.stamp[i]) continue
      this._onEvent(i, t)
    }
    const ret = this.px.advance(t)
    const oiUsd =
      Math.max(this.ms.oiEmaLots, Math.max(this.longLots, this.shortLots)) * LOT * this.price
    this.px.background(ret, oiUsd)
    this.px.impact(this._flow)
    this._flow = 0
    this.price = this.px.price()
    this._bar.background(
      this.px.bgGross,
      this.px.bgBuy,
      this.price,
      Math.round(this.px.bgGross / 3000),
    )
    this._bar.touch(this.price)
    this._triggers(t)
    this.ms.advance(Math.log(this.price), this.longLots, this.shortLots)
  }

  /** Fires every trigger the price reached; liquidation and stop flow moves the price again. */
  private _triggers(t: number): void {
    let depth = 0
    this._liqUsdTick = 0
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let n = this._below.collect(this.price, this._fired, 0)
      const nBelow = n
      n = this._above.collect(this.price, this._fired, n)
      if (n === 0) break
      this._liqRound = 0
      for (let k = 0; k < n; k++) this._onTrigger(this._fired[k], k < nBelow, t)
      if (this._liqRound > 0) depth++
      if (this._flow !== 0) {
        this.px.impact(this._flow)
        this._flow = 0
        this.price = this.px.price()
        this._bar.touch(this.price)
      }
    }
    if (this._liqUsdTick > 0) this.px.shockVolatility(this._liqUsdTick)
    if (depth >= 2) this.stats.cascadeTicks++
    if (depth > this.stats.maxCascadeDepth) this.stats.maxCascadeDepth = depth
    if (depth > this._bar.cascadeDepth) this._bar.cascadeDepth = depth
  }

  private _onEvent(i: number, t: number): void {
    const s = this.tr.state[i]
    if (s === FLAT) this._decideEntry(i, t)
    else if (s === OPEN) this._close(i, t, this.price, EXIT_TIME, true)
    else {
      this._below.remove(i)
      this._above.remove(i)
      this._goFlat(i, t, 1)
    }
  }

  private _onTrigger(i: number, fromBelow: boolean, t: number): void {
    const tr = this.tr
    if (tr.state[i] === PENDING) {
      this._open(i, t, tr.entry[i], false)
      return
    }
    const side = tr.side[i]
    const protective = side > 0 === fromBelow // a long's stop/liq is below, a short's above
    if (!protective) {
      this._close(i, t, tr.tp[i], EXIT_TAKE_PROFIT, false)
      return
    }
    const sl = tr.sl[i]
    const stopFirst = sl > 0 && (side > 0 ? sl >= tr.liq[i] : sl <= tr.liq[i])
    this._close(i, t, this.price, stopFirst ? EXIT_STOP_LOSS : EXIT_LIQUIDATION, true)
  }

  private _decideEntry(i: number, t: number): void {
    const p = this.params
    const tr = this.tr
    const bias =
      this.ms.longBias() +
      tr.momentum[i] * p.momentumStrength * this.ms.momentumSignal(Math.log(this.price))
    const limit = drawEntry(p, tr, i, this._rng, bias, this._levCum, this.price, this.px.volRatio)
    if (limit === 0) {
      this._open(i, t, this.price, true)
      return
    }
    const side = tr.side[i]
    tr.state[i] = PENDING
    tr.entry[i] = limit
    const st = ++tr.stamp[i]
    if (side > 0) this._below.insert(i, limit)
    else this._above.insert(i, limit)
    this._heap.push(t + p.limitExpiryHours * HOUR, i, st)
  }

  /** Opens trader i's position at `price` (a market order when `taker`, else a limit fill). */
  private _open(i: number, t: number, price: number, taker: boolean): void {
    const p = this.params
    const tr = this.tr
    const rng = this._rng
    const vm = this._vm[tr.venue[i]]
    const side = tr.side[i]
    const [lev, notional] = sizePosition(vm, tr.margin[i], tr.leverage[i])
    const lots = Math.max(1, Math.floor(notional / price / LOT))
    const qty = lots * LOT
    const sideName: Side = side > 0 ? 'long' : 'short'
    const liq = positionLiqPrice(vm, sideName, price, qty, lev, tr.extraMargin[i])
    tr.leverage[i] = lev
    tr.qtyLots[i] = lots
    tr.entry[i] = price
    tr.entryTs[i] = t
    tr.liq[i] = liq
    const plan = planExits(p, rng, side, price, lev, liq, tr.usesStop[i] === 1)
    tr.tp[i] = plan.tp
    tr.sl[i] = plan.sl
    tr.state[i] = OPEN
    const st = ++tr.stamp[i]
    // Protective trigger: the nearer of stop and liquidation; profit trigger: the take-profit.
    const protect =
      side > 0 ? Math.max(tr.sl[i], liq) : tr.sl[i] > 0 ? Math.min(tr.sl[i], liq) : liq
    const [prot, prof] = side > 0 ? [this._below, this._above] : [this._above, this._below]
    if (protect > 0) prot.insert(i, protect)
    if (tr.tp[i] > 0) prof.insert(i, tr.tp[i])
    this._heap.push(t + plan.holdMs, i, st)
    tr.posId[i] = this.truth
      ? this.truth.open(tr.venue[i], side, lev, t, price, lots, tr.extraMargin[i], liq)
      : -1
    if (side > 0) this.longLots += lots
    else this.shortLots += lots
    this.openCount++
    this.stats.positionsOpened++
    if (taker) this._flow += side * qty * price
    this._bar.trade(qty, price, taker ? side > 0 : side < 0)
  }

  /** Closes trader i's position at `price`; `taker` when by market order (stop, time, liquidation). */
  private _close(i: number, t: number, price: number, reason: number, taker: boolean): void {
    const tr = this.tr
    const side = tr.side[i]
    const lots = tr.qtyLots[i]
    const qty = lots * LOT
    this._below.remove(i)
    this._above.remove(i)
    if (side > 0) this.longLots -= lots
    else this.shortLots -= lots
    this.openCount--
    if (this.truth && tr.posId[i] >= 0) this.truth.close(tr.posId[i], t, price, reason)
    if (taker) this._flow -= side * qty * price
    this._bar.trade(qty, price, taker ? side < 0 : side > 0)
    if (reason === EXIT_LIQUIDATION) {
      const usd = qty * price
      this._liqRound++
      this._liqUsdTick += usd
      this.stats.liquidations++
      this.stats.liquidatedUsd += usd
      this._bar.liquidation(
        t,
        this.params.venues[tr.venue[i]],
        this.params.symbol,
        side,
        price,
        qty,
      )
    }
    this._goFlat(i, t, reason === EXIT_LIQUIDATION ? 1 + this.params.cooldownAfterLiquidation : 1)
  }

  private _goFlat(i: number, t: number, waitScale: number): void {
    const tr = this.tr
    tr.state[i] = FLAT
    tr.posId[i] = -1
    const st = ++tr.stamp[i]
    const mean = (this.params.flatMeanHours * waitScale * HOUR) / this._entryRate()
    this._heap.push(t + this._rng.exponential(mean), i, st)
  }

  /** Entry-rate multiplier: activity, and more trading when volatile. */
  private _entryRate(): number {
    return this.ms.activityFactor() * Math.sqrt(Math.min(4, Math.max(0.25, this.px.volRatio)))
  }
}
