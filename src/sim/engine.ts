/**
 * The simulated perpetual-futures market, tick by tick. Each tick: due trader events run (entries,
 * time exits, expiring limit orders) and their market orders trade at the last price; the
 * background walk moves the price; the order flow moves it further; then every trigger the price
 * reached fires — liquidations and stops (market orders that move the price again, so cascades
 * happen within the tick), take-profits and resting entries (limit fills). The traders' orders
 * (entries, fills, exits, liquidations) are handled in `trader-orders.ts`. See docs/simulator.md.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import type { FundingPoint, UtcMs } from '../core/types.ts'
import { BarAcc } from './bar-acc.ts'
import { MarketState } from './market-state.ts'
import { effectiveDepth, resolveSimParams, type SimParams } from './params.ts'
import { PriceProcess } from './price-process.ts'
import { Prng } from './prng.ts'
import { Traders } from './traders.ts'
import { LOT, TruthLog } from './truth-log.ts'
import { finishBar } from './publish.ts'
import { TraderOrders } from './trader-orders.ts'
import type { SimBar, SimStats } from './types.ts'

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
  private readonly _orders: TraderOrders
  private readonly _fired: Int32Array
  private readonly _bar = new BarAcc()

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
    this.truth = opts.recordTruth === false ? undefined : new TruthLog(p.venues, 4096)
    this._orders = new TraderOrders(this, this._bar, new Prng(seed, 2))
    this._fired = new Int32Array(2 * p.traders)
    this.price = this.px.price()
    this._orders.start(this._t)
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
    const orders = this._orders
    this.stats.ticks++
    orders.flow = 0
    orders.runDue(t)
    const ret = this.px.advance(t)
    const oiUsd =
      Math.max(this.ms.oiEmaLots, Math.max(this.longLots, this.shortLots)) * LOT * this.price
    this.px.background(ret, oiUsd)
    this.px.impact(orders.flow)
    orders.flow = 0
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
    const orders = this._orders
    let depth = 0
    orders.liqUsdTick = 0
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let n = orders.below.collect(this.price, this._fired, 0)
      const nBelow = n
      n = orders.above.collect(this.price, this._fired, n)
      if (n === 0) break
      orders.liqRound = 0
      for (let k = 0; k < n; k++) orders.onTrigger(this._fired[k], k < nBelow, t)
      if (orders.liqRound > 0) depth++
      if (orders.flow !== 0) {
        this.px.impact(orders.flow)
        orders.flow = 0
        this.price = this.px.price()
        this._bar.touch(this.price)
      }
    }
    if (orders.liqUsdTick > 0) this.px.shockVolatility(orders.liqUsdTick)
    if (depth >= 2) this.stats.cascadeTicks++
    if (depth > this.stats.maxCascadeDepth) this.stats.maxCascadeDepth = depth
    if (depth > this._bar.cascadeDepth) this._bar.cascadeDepth = depth
  }
}
