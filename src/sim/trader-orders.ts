/**
 * The traders' orders in the simulated market: due trader events (entries, time exits, expiring
 * limit orders), opening positions (market orders at the last price, or resting limit entries
 * filled when the price reaches them) and closing them (take-profit, stop, time exit,
 * liquidation). Owns the event queue and the trigger indices; market-order flow (signed USD)
 * accumulates in `flow` for the engine to push through the price. See docs/simulator.md.
 * @module
 */
import type { Side } from '../core/types.ts'
import type { BarAcc } from './bar-acc.ts'
import type { MarketSim } from './engine.ts'
import { EventHeap } from './event-heap.ts'
import { cumulative, type Prng } from './prng.ts'
import { drawEntry, planExits } from './trader-plan.ts'
import { FLAT, OPEN, PENDING } from './traders.ts'
import { TriggerIndex } from './trigger-index.ts'
import { EXIT_LIQUIDATION, EXIT_STOP_LOSS, EXIT_TAKE_PROFIT, EXIT_TIME, LOT } from './truth-log.ts'
import { positionLiqPrice, sizePosition, venueMargin, type VenueMargin } from './venue-margin.ts'

const HOUR = 3_600_000

export class TraderOrders {
  /** Signed USD of market orders waiting to hit the book this tick. */
  flow = 0
  /** Liquidations in the current trigger round. */
  liqRound = 0
  /** USD liquidated in the current tick. */
  liqUsdTick = 0
  /** Protective triggers of longs, take-profits of shorts and resting long entries. */
  readonly below: TriggerIndex
  /** Protective triggers of shorts, take-profits of longs and resting short entries. */
  readonly above: TriggerIndex
  private readonly _heap: EventHeap
  private readonly _vm: VenueMargin[]
  private readonly _levCum: Float64Array

  constructor(
    private readonly _sim: MarketSim,
    private readonly _bar: BarAcc,
    private readonly _rng: Prng,
  ) {
    const p = _sim.params
    this._heap = new EventHeap(p.traders + 16)
    this.below = new TriggerIndex(p.traders, 'below')
    this.above = new TriggerIndex(p.traders, 'above')
    this._vm = p.venues.map((v) => venueMargin(v, p.symbol))
    this._levCum = cumulative(p.leverage.weights)
  }

  /** Schedules every trader's first entry from `t`. */
  start(t: number): void {
    const p = this._sim.params
    // Traders start flat; first entries spread over one mean flat time.
    for (let i = 0; i < p.traders; i++) {
      this._heap.push(t + this._rng.exponential(p.flatMeanHours * HOUR), i, 0)
    }
  }

  /** Runs the trader events due at `t` (stale ones, superseded by a state change, are skipped). */
  runDue(t: number): void {
    while (this._heap.peekTime() <= t) {
      this._heap.pop()
      const i = this._heap.poppedTrader
      if (this._heap.poppedStamp !== this._sim.tr.stamp[i]) continue
      this._onEvent(i, t)
    }
  }

  private _onEvent(i: number, t: number): void {
    const s = this._sim.tr.state[i]
    if (s === FLAT) this._decideEntry(i, t)
    else if (s === OPEN) this._close(i, t, this._sim.price, EXIT_TIME, true)
    else {
      this.below.remove(i)
      this.above.remove(i)
      this._goFlat(i, t, 1)
    }
  }

  /** Trader i's trigger fired (`fromBelow`: from the `below` index); `t` is the tick. */
  onTrigger(i: number, fromBelow: boolean, t: number): void {
    const tr = this._sim.tr
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
    this._close(i, t, this._sim.price, stopFirst ? EXIT_STOP_LOSS : EXIT_LIQUIDATION, true)
  }

  private _decideEntry(i: number, t: number): void {
    const sim = this._sim
    const p = sim.params
    const tr = sim.tr
    const bias =
      sim.ms.longBias() +
      tr.momentum[i] * p.momentumStrength * sim.ms.momentumSignal(Math.log(sim.price))
    const limit = drawEntry(p, tr, i, this._rng, bias, this._levCum, sim.price, sim.px.volRatio)
    if (limit === 0) {
      this._open(i, t, sim.price, true)
      return
    }
    const side = tr.side[i]
    tr.state[i] = PENDING
    tr.entry[i] = limit
    const st = ++tr.stamp[i]
    if (side > 0) this.below.insert(i, limit)
    else this.above.insert(i, limit)
    this._heap.push(t + p.limitExpiryHours * HOUR, i, st)
  }

  /** Opens trader i's position at `price` (a market order when `taker`, else a limit fill). */
  private _open(i: number, t: number, price: number, taker: boolean): void {
    const sim = this._sim
    const p = sim.params
    const tr = sim.tr
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
    const [prot, prof] = side > 0 ? [this.below, this.above] : [this.above, this.below]
    if (protect > 0) prot.insert(i, protect)
    if (tr.tp[i] > 0) prof.insert(i, tr.tp[i])
    this._heap.push(t + plan.holdMs, i, st)
    tr.posId[i] = sim.truth
      ? sim.truth.open(tr.venue[i], side, lev, t, price, lots, tr.extraMargin[i], liq)
      : -1
    if (side > 0) sim.longLots += lots
    else sim.shortLots += lots
    sim.openCount++
    sim.stats.positionsOpened++
    if (taker) this.flow += side * qty * price
    this._bar.trade(qty, price, taker ? side > 0 : side < 0)
  }

  /** Closes trader i's position at `price`; `taker` when by market order (stop, time, liquidation). */
  private _close(i: number, t: number, price: number, reason: number, taker: boolean): void {
    const sim = this._sim
    const tr = sim.tr
    const side = tr.side[i]
    const lots = tr.qtyLots[i]
    const qty = lots * LOT
    this.below.remove(i)
    this.above.remove(i)
    if (side > 0) sim.longLots -= lots
    else sim.shortLots -= lots
    sim.openCount--
    if (sim.truth && tr.posId[i] >= 0) sim.truth.close(tr.posId[i], t, price, reason)
    if (taker) this.flow -= side * qty * price
    this._bar.trade(qty, price, taker ? side < 0 : side > 0)
    if (reason === EXIT_LIQUIDATION) {
      const usd = qty * price
      this.liqRound++
      this.liqUsdTick += usd
      sim.stats.liquidations++
      sim.stats.liquidatedUsd += usd
      this._bar.liquidation(t, sim.params.venues[tr.venue[i]], sim.params.symbol, side, price, qty)
    }
    this._goFlat(i, t, reason === EXIT_LIQUIDATION ? 1 + sim.params.cooldownAfterLiquidation : 1)
  }

  private _goFlat(i: number, t: number, waitScale: number): void {
    const tr = this._sim.tr
    tr.state[i] = FLAT
    tr.posId[i] = -1
    const st = ++tr.stamp[i]
    const mean = (this._sim.params.flatMeanHours * waitScale * HOUR) / this._entryRate()
    this._heap.push(t + this._rng.exponential(mean), i, st)
  }

  /** Entry-rate multiplier: activity, and more trading when volatile. */
  private _entryRate(): number {
    return (
      this._sim.ms.activityFactor() * Math.sqrt(Math.min(4, Math.max(0.25, this._sim.px.volRatio)))
    )
  }
}
