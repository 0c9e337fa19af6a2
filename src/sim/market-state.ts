/**
 * Slow market-wide state of the simulation, advanced once per tick: trading activity (drives how
 * often flat traders enter, hence open interest up and down), sentiment (long bias of entries),
 * passive open interest, the premium of the perpetual over the index and the funding rate
 * settled from it (Binance's rule: F = P̄ + clamp(0.01 % − P̄, ±0.05 %), capped at ±0.3 %), and a
 * one-hour momentum signal.
 * @module
 */
import type { Prng } from './prng.ts'
import type { SimParams } from './params.ts'

const LN2 = Math.LN2
const HOUR = 3_600_000
const BASE_RATE = 0.0001

/** An Ornstein–Uhlenbeck process sampled per tick with stationary standard deviation `sd`. */
class Ou {
  x = 0
  private readonly _phi: number
  private readonly _innov: number
  constructor(sd: number, halfLifeMs: number, tickMs: number) {
    this._phi = Math.exp((-LN2 * tickMs) / halfLifeMs)
    this._innov = sd * Math.sqrt(1 - this._phi * this._phi)
  }
  step(rng: Prng): number {
    this.x = this._phi * this.x + this._innov * rng.normal()
    return this.x
  }
}

export class MarketState {
  private readonly _activity: Ou
  private readonly _sentiment: Ou
  private readonly _passive: Ou
  private readonly _premiumNoise: Ou
  private readonly _emaPhi: number
  private readonly _oiEmaPhi: number
  private readonly _sigmaHour: number
  /** EMA of log price (1 h half-life). */
  private _lnEma = Number.NaN
  /** EMA of trader open interest, lots (2-day half-life): the scale for passive OI and volume. */
  oiEmaLots = 0
  /** Premium sum and count since the last funding settlement. */
  private _premSum = 0
  private _premCount = 0
  /** Last premium sample (fraction). */
  premium = 0
  /** Last settled funding rate (fraction per interval). */
  lastFunding = BASE_RATE

  constructor(
    private readonly _p: SimParams,
    private readonly _rng: Prng,
  ) {
    const t = _p.tickMs
    this._activity = new Ou(_p.activityVol, _p.activityHalfLifeHours * HOUR, t)
    this._sentiment = new Ou(_p.sentimentVol, _p.sentimentHalfLifeHours * HOUR, t)
    this._passive = new Ou(0.15, 48 * HOUR, t)
    this._premiumNoise = new Ou(0.00015, 8 * HOUR, t)
    this._emaPhi = Math.exp((-LN2 * t) / HOUR)
    this._oiEmaPhi = Math.exp((-LN2 * t) / (48 * HOUR))
    this._sigmaHour = _p.dailyVolPct / 100 / Math.sqrt(24)
  }

  /** Advances one tick given the current log price and trader open interest (lots each side). */
  advance(lnPrice: number, longLots: number, shortLots: number): void {
    const rng = this._rng
    this._activity.step(rng)
    this._sentiment.step(rng)
    this._passive.step(rng)
    this._premiumNoise.step(rng)
    this._lnEma = Number.isNaN(this._lnEma)
      ? lnPrice
      : this._emaPhi * this._lnEma + (1 - this._emaPhi) * lnPrice
    const oi = Math.max(longLots, shortLots)
    this.oiEmaLots = this._oiEmaPhi * this.oiEmaLots + (1 - this._oiEmaPhi) * oi
    const total = longLots + shortLots
    const imbalance = total > 0 ? (longLots - shortLots) / total : 0
    this.premium = this._p.premiumPerImbalance * imbalance + this._premiumNoise.x
    this._premSum += this.premium
    this._premCount++
  }

  /** Entry-rate multiplier from activity (log-normal around 1). */
  activityFactor(): number {
    return Math.exp(this._activity.x)
  }

  /** Momentum signal in [−1, 1]: the last hour's move in units of an hour's volatility. */
  momentumSignal(lnPrice: number): number {
    if (Number.isNaN(this._lnEma)) return 0
    return Math.tanh((lnPrice - this._lnEma) / this._sigmaHour)
  }

  /** Funding the running interval would settle at now (what traders look at). */
  fundingEstimate(): number {
    if (this._premCount === 0) return this.lastFunding
    return fundingFromPremium(this._premSum / this._premCount)
  }

  /** Probability that a new entry is a long, before the trader's own momentum view. */
  longBias(): number {
    const f = this.fundingEstimate()
    return 0.5 + this._sentiment.x - (this._p.fundingSensitivity * (f - BASE_RATE)) / 0.0005
  }

  /** Settles funding over the interval just ended; returns the rate. */
  settleFunding(): number {
    this.lastFunding = this.fundingEstimate()
    this._premSum = 0
    this._premCount = 0
    return this.lastFunding
  }

  /** Passive (never liquidated) open interest, lots. */
  passiveLots(): number {
    return Math.round(this._p.passiveOiShare * this.oiEmaLots * Math.exp(this._passive.x))
  }
}

/** Binance's funding rule from an average premium, capped at ±0.3 %, rounded to 1e-8. */
export function fundingFromPremium(avgPremium: number): number {
  const f = avgPremium + Math.min(0.0005, Math.max(-0.0005, BASE_RATE - avgPremium))
  return Math.round(Math.min(0.003, Math.max(-0.003, f)) * 1e8) / 1e8
}
