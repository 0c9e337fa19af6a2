/**
 * Price formation per tick: a background log-price walk (stochastic volatility with clustering,
 * a slow trend, rare jumps, intraday seasonality) plus the impact of the traders' own market
 * orders and liquidation orders on a book of finite depth. Impact is linear in net flow: `depth`
 * USD of net buying lifts the price 1 %; a `permanentImpact` share stays, the rest decays (wicks).
 * The book thins when volatility is high (depth ∝ (σ̄/σ)^¼), so cascades come in volatile times.
 * @module
 */
import type { Prng } from './prng.ts'
import type { SimParams } from './params.ts'

const LN2 = Math.LN2
const DAY_MS = 86_400_000

export class PriceProcess {
  /** Permanent log-price. */
  lnF: number
  /** Transient log-price offset (decays). */
  trans = 0
  /** Log-volatility deviation from its mean (slow, clustered). */
  h = 0
  /** Log-volatility excitation from liquidations (fast decay, 30 min half-life). */
  hx = 0
  /** Trend, log-return per day. */
  trend = 0
  /** Current sigma of one tick (log). */
  sigmaTick = 0
  private readonly _sigmaBase: number
  private readonly _volPhi: number
  private readonly _volInnov: number
  private readonly _trendPhi: number
  private readonly _trendInnov: number
  private readonly _transDecay: number
  private readonly _ticksPerDay: number
  private readonly _volOfVol: number
  private readonly _hxDecay: number

  constructor(
    private readonly _p: SimParams,
    private readonly _depth: number,
    private readonly _rng: Prng,
  ) {
    this.lnF = Math.log(_p.startPrice)
    this._ticksPerDay = DAY_MS / _p.tickMs
    this._sigmaBase = _p.dailyVolPct / 100 / Math.sqrt(this._ticksPerDay)
    this._volPhi = Math.exp((-LN2 * _p.tickMs) / (_p.volHalfLifeHours * 3_600_000))
    this._volInnov = _p.volOfVol * Math.sqrt(1 - this._volPhi * this._volPhi)
    this._trendPhi = Math.exp((-LN2 * _p.tickMs) / (_p.trendHalfLifeHours * 3_600_000))
    this._trendInnov = (_p.trendVolPct / 100) * Math.sqrt(1 - this._trendPhi * this._trendPhi)
    this._transDecay = Math.exp((-LN2 * _p.tickMs) / (_p.transientHalfLifeS * 1000))
    this._volOfVol = _p.volOfVol
    this._hxDecay = Math.exp((-LN2 * _p.tickMs) / 1_800_000)
  }

  /** Volatility relative to its long-run level (1 = normal). */
  get volRatio(): number {
    return Math.exp(this.h + this.hx)
  }

  /** Depth now: USD of net flow that moves the price 1 % (thinner when volatile: ∝ (σ̄/σ)^¼). */
  depthNow(): number {
    return this._depth / Math.pow(Math.max(0.25, this.volRatio), 0.25)
  }

  /** Traded price (rounded to the 0.1 tick). */
  price(): number {
    return Math.round(Math.exp(this.lnF + this.trans) * 10) / 10
  }

  /**
   * Advances one tick at UTC time `t`: volatility, trend and the background move. Returns the
   * background log-return (its signed USD equivalent is `ret / 0.01 × depthNow()`).
   */
  advance(t: number): number {
    const rng = this._rng
    this.h = this._volPhi * this.h + this._volInnov * rng.normal()
    this.hx *= this._hxDecay
    this.trend = this._trendPhi * this.trend + this._trendInnov * rng.normal()
    const hour = (t % DAY_MS) / 3_600_000
    const season = 1 + 0.25 * Math.cos((2 * Math.PI * (hour - 15)) / 24)
    this.sigmaTick =
      this._sigmaBase * Math.exp(this.h + this.hx - (this._volOfVol * this._volOfVol) / 2) * season
    let z = rng.normal()
    if (rng.float() < this._p.jumpProb) z *= this._p.jumpScale
    const ret = this.trend / this._ticksPerDay + this.sigmaTick * z
    this.lnF += ret
    this.trans *= this._transDecay
    return ret
  }

  /** Background (OI-neutral) volume of the last tick, USD, and its taker-buy part. */
  bgGross = 0
  bgBuy = 0

  /**
   * Background volume for a tick whose background move was `ret`: `backgroundTurnoverPerDay` ×
   * open interest per day, more when volatile; the taker-buy share leans with the move (its net
   * flow at the current depth).
   */
  background(ret: number, oiUsd: number): void {
    const p = this._p
    const gross = (p.backgroundTurnoverPerDay * oiUsd * p.tickMs * this.volRatio) / DAY_MS
    const net = (ret / 0.01) * this.depthNow()
    this.bgGross = gross
    this.bgBuy = gross > 0 ? gross * (0.5 + 0.45 * Math.tanh(net / gross)) : 0
  }

  /** Applies the impact of `flowUsd` of net market orders (+ buys, − sells). */
  impact(flowUsd: number): void {
    if (flowUsd === 0) return
    const d = (0.01 * flowUsd) / this.depthNow()
    const perm = this._p.permanentImpact
    this.lnF += perm * d
    this.trans += (1 - perm) * d
  }

  /** Liquidation flow of `usd` (absolute) feeds volatility (clustering after cascades). */
  shockVolatility(usd: number): void {
    const k = this._p.volFromLiquidations
    if (k <= 0 || usd <= 0) return
    this.hx = Math.min(0.5, this.hx + (k * usd) / this.depthNow())
  }
}
