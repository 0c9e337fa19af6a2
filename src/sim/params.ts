/**
 * Every parameter of the simulated market, with defaults, validation and a stressed preset.
 * Documented (meaning, unit, default) in docs/simulator.md.
 * @module
 */
import { UsageError } from '../core/errors.ts'
import { VENUES, type Venue } from '../core/types.ts'

/** A discrete distribution of the leverage traders open with (weights = share of positions). */
export interface LeverageDistribution {
  /** Leverages, each in [1, 200]. A venue's tier cap clamps a draw (Hyperliquid: 40×). */
  readonly values: readonly number[]
  /** Same length; relative weights (normalised), ≥ 0. */
  readonly weights: readonly number[]
}

export interface SimParams {
  /** Symbol written to the files. */
  readonly symbol: string
  /** Price at the start of the burn-in, USD. */
  readonly startPrice: number
  /** Number of traders (each holds at most one position at a time). */
  readonly traders: number
  /** Venues simulated (each with its own tier table from src/margin). */
  readonly venues: readonly Venue[]
  /** Share of traders on each venue (same length as `venues`). */
  readonly venueShares: readonly number[]
  /** Leverage traders pick (a trader keeps a favourite; see `leverageLoyalty`). */
  readonly leverage: LeverageDistribution
  /** Probability a trader reuses their favourite leverage rather than drawing anew. */
  readonly leverageLoyalty: number
  /** Length of one price tick, ms (the bar length must be a multiple). */
  readonly tickMs: number
  /** Days simulated before the published window (positions then are in the truth, bars are not). */
  readonly burnInDays: number

  /** Background volatility, % per day, at the long-run mean of the volatility process. */
  readonly dailyVolPct: number
  /** Standard deviation of log-volatility around its mean (volatility clustering). */
  readonly volOfVol: number
  /** Half-life of log-volatility shocks, hours. */
  readonly volHalfLifeHours: number
  /** How much one unit of liquidation flow (as a share of depth) lifts log-volatility. */
  readonly volFromLiquidations: number
  /** Share of ticks that carry a jump; jump size is `jumpScale` × the tick's sigma. */
  readonly jumpProb: number
  readonly jumpScale: number
  /** Standard deviation of the slow drift (trend) per day, %, and its half-life in hours. */
  readonly trendVolPct: number
  readonly trendHalfLifeHours: number
  /** USD of net market orders that move the price by 1 %. 0 = derive from traders (see docs). */
  readonly depthUsdPer1Pct: number
  /** Derived depth per trader, USD per 1 % (used when depthUsdPer1Pct = 0). */
  readonly depthPerTraderUsd: number
  /** Share of a flow's impact that is permanent; the rest decays with `transientHalfLifeS`. */
  readonly permanentImpact: number
  readonly transientHalfLifeS: number

  /** Mean time a trader stays flat between positions, hours (at activity 1). */
  readonly flatMeanHours: number
  /** Extra flat time after being liquidated, × flatMeanHours. */
  readonly cooldownAfterLiquidation: number
  /** Standard deviation and half-life (hours) of log market activity (drives OI up and down). */
  readonly activityVol: number
  readonly activityHalfLifeHours: number
  /** Mean holding time at 10×, hours; scales with (10 / leverage)^holdLeverageExponent. */
  readonly holdHoursAt10x: number
  readonly holdLeverageExponent: number
  /** Share of entries sent as market orders (the rest rest as limit orders away from price). */
  readonly marketEntryShare: number
  /** Mean distance of a limit entry from the price, %; unfilled limits expire after limitExpiryHours. */
  readonly limitOffsetPct: number
  readonly limitExpiryHours: number
  /** Share of traders who use a stop-loss; share of positions with a take-profit. */
  readonly stopLossShare: number
  readonly takeProfitShare: number
  /** Share of positions that add margin beyond the initial; added margin is U(0, max) × initial. */
  readonly extraMarginShare: number
  readonly extraMarginMax: number
  /** Trader wealth: Pareto with minimum wealthMinUsd, tail index wealthAlpha, capped at wealthMaxUsd. */
  readonly wealthMinUsd: number
  readonly wealthAlpha: number
  readonly wealthMaxUsd: number
  /**
   * Position notional = wealth × U(notionalMultMin, notionalMultMax) × (leverage / 10)^leverageSizeExponent:
   * traders size by notional, and leverage mostly sets the margin (margin = notional / leverage,
   * capped at the wealth).
   */
  readonly notionalMultMin: number
  readonly notionalMultMax: number
  readonly leverageSizeExponent: number
  /** Share of traders who follow momentum (the rest fade it), and how strongly side choice reacts. */
  readonly momentumShare: number
  readonly momentumStrength: number
  /** Standard deviation and half-life (hours) of market sentiment (long bias of new entries). */
  readonly sentimentVol: number
  readonly sentimentHalfLifeHours: number
  /** How strongly funding above its base pushes new entries to the paid side. */
  readonly fundingSensitivity: number

  /** Passive open interest (hedged, never liquidated) as a share of the expected trader OI. */
  readonly passiveOiShare: number
  /** Background (OI-neutral) traded volume per day, as a multiple of the expected trader OI. */
  readonly backgroundTurnoverPerDay: number
  /** Premium per unit of trader imbalance (L − S)/(L + S), fraction. */
  readonly premiumPerImbalance: number
  /** Funding interval, hours (settlements at 00:00 UTC + k·interval). */
  readonly fundingIntervalHours: number
  /** Open-interest sample period, ms (the metrics file; Binance Vision uses 5 min). */
  readonly oiIntervalMs: number
}

export const DEFAULT_LEVERAGE: LeverageDistribution = Object.freeze({
  values: [2, 3, 5, 10, 20, 25, 50, 75, 100, 125],
  weights: [0.08, 0.08, 0.16, 0.26, 0.16, 0.1, 0.08, 0.02, 0.05, 0.01],
})

export const DEFAULT_SIM_PARAMS: SimParams = Object.freeze<SimParams>({
  symbol: 'BTCUSDT',
  startPrice: 80_000,
  traders: 10_000,
  venues: ['binance', 'bybit', 'okx', 'hyperliquid'],
  venueShares: [0.4, 0.25, 0.15, 0.2],
  leverage: DEFAULT_LEVERAGE,
  leverageLoyalty: 0.8,
  tickMs: 3000,
  burnInDays: 2,
  dailyVolPct: 2,
  volOfVol: 0.35,
  volHalfLifeHours: 10,
  volFromLiquidations: 0.1,
  jumpProb: 0.0004,
  jumpScale: 6,
  trendVolPct: 0.8,
  trendHalfLifeHours: 18,
  depthUsdPer1Pct: 0,
  depthPerTraderUsd: 80,
  permanentImpact: 0.6,
  transientHalfLifeS: 90,
  flatMeanHours: 14,
  cooldownAfterLiquidation: 2,
  activityVol: 0.35,
  activityHalfLifeHours: 30,
  holdHoursAt10x: 36,
  holdLeverageExponent: 0.9,
  marketEntryShare: 0.6,
  limitOffsetPct: 0.35,
  limitExpiryHours: 3,
  stopLossShare: 0.45,
  takeProfitShare: 0.6,
  extraMarginShare: 0.15,
  extraMarginMax: 1,
  wealthMinUsd: 300,
  wealthAlpha: 1.5,
  wealthMaxUsd: 150_000,
  notionalMultMin: 0.3,
  notionalMultMax: 2.5,
  leverageSizeExponent: 0.2,
  momentumShare: 0.6,
  momentumStrength: 0.25,
  sentimentVol: 0.08,
  sentimentHalfLifeHours: 36,
  fundingSensitivity: 0.15,
  passiveOiShare: 1,
  backgroundTurnoverPerDay: 4,
  premiumPerImbalance: 0.0012,
  fundingIntervalHours: 8,
  oiIntervalMs: 300_000,
})

/**
 * A stressed market: thin book, high leverage, few stops, rising activity — cascades happen.
 * Used by tests and `liqheat simulate --scenario stressed`.
 */
export const STRESSED_OVERRIDES: Partial<SimParams> = Object.freeze({
  leverage: {
    values: [10, 20, 25, 50, 75, 100, 125],
    weights: [0.1, 0.15, 0.2, 0.25, 0.1, 0.15, 0.05],
  },
  depthPerTraderUsd: 40,
  stopLossShare: 0.15,
  dailyVolPct: 3,
  trendVolPct: 1.5,
  flatMeanHours: 8,
})

export const SCENARIOS = { default: {}, stressed: STRESSED_OVERRIDES } as const
export type ScenarioName = keyof typeof SCENARIOS

function fail(field: string, reason: string): never {
  throw new UsageError(`simulator parameter '${field}': ${reason}`, field)
}

function num(field: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    fail(field, `${String(v)} is not a number in [${lo}, ${hi}]`)
  return v
}

const NUMERIC: Record<string, [number, number]> = {
  startPrice: [1, 1e8],
  traders: [1, 2_000_000],
  leverageLoyalty: [0, 1],
  tickMs: [100, 3_600_000],
  burnInDays: [0, 60],
  dailyVolPct: [0, 50],
  volOfVol: [0, 3],
  volHalfLifeHours: [0.01, 10_000],
  volFromLiquidations: [0, 100],
  jumpProb: [0, 0.5],
  jumpScale: [0, 100],
  trendVolPct: [0, 50],
  trendHalfLifeHours: [0.01, 10_000],
  depthUsdPer1Pct: [0, 1e15],
  depthPerTraderUsd: [1e-6, 1e12],
  permanentImpact: [0, 1],
  transientHalfLifeS: [0.001, 1e7],
  flatMeanHours: [0.01, 10_000],
  cooldownAfterLiquidation: [0, 1000],
  activityVol: [0, 3],
  activityHalfLifeHours: [0.01, 10_000],
  holdHoursAt10x: [0.01, 10_000],
  holdLeverageExponent: [0, 3],
  marketEntryShare: [0, 1],
  limitOffsetPct: [0, 50],
  limitExpiryHours: [0.01, 10_000],
  stopLossShare: [0, 1],
  takeProfitShare: [0, 1],
  extraMarginShare: [0, 1],
  extraMarginMax: [0, 100],
  wealthMinUsd: [1, 1e12],
  wealthAlpha: [0.5, 10],
  wealthMaxUsd: [1, 1e12],
  notionalMultMin: [0.0001, 1000],
  notionalMultMax: [0.0001, 1000],
  leverageSizeExponent: [0, 2],
  momentumShare: [0, 1],
  momentumStrength: [0, 1],
  sentimentVol: [0, 1],
  sentimentHalfLifeHours: [0.01, 10_000],
  fundingSensitivity: [0, 10],
  passiveOiShare: [0, 100],
  backgroundTurnoverPerDay: [0, 10_000],
  premiumPerImbalance: [0, 0.1],
  fundingIntervalHours: [1, 24],
  oiIntervalMs: [1000, 86_400_000],
}

/** Merges overrides into the defaults and validates; throws UsageError naming the field. */
export function resolveSimParams(p: Partial<SimParams> = {}): SimParams {
  const known = new Set(Object.keys(DEFAULT_SIM_PARAMS))
  for (const k of Object.keys(p)) if (!known.has(k)) fail(k, 'is not a simulator parameter')
  const merged: Record<string, unknown> = { ...DEFAULT_SIM_PARAMS, ...p }
  for (const [k, [lo, hi]] of Object.entries(NUMERIC)) num(k, merged[k], lo, hi)
  const out = merged as unknown as SimParams
  if (!Number.isInteger(out.traders)) fail('traders', `${out.traders} is not a whole number`)
  if (!Number.isInteger(out.tickMs)) fail('tickMs', `${out.tickMs} is not a whole number of ms`)
  if (out.oiIntervalMs % out.tickMs !== 0)
    fail('oiIntervalMs', `${out.oiIntervalMs} is not a multiple of tickMs ${out.tickMs}`)
  if (typeof out.symbol !== 'string' || !/^[A-Z0-9]{2,20}$/.test(out.symbol))
    fail('symbol', `'${String(out.symbol)}' is not an upper-case symbol like BTCUSDT`)
  if (!Array.isArray(out.venues) || out.venues.length === 0) fail('venues', 'no venue selected')
  out.venues.forEach((v, i) => {
    if (!VENUES.includes(v))
      fail(`venues[${i}]`, `'${String(v)}' is not one of ${VENUES.join(', ')}`)
    if (out.venues.indexOf(v) !== i) fail(`venues[${i}]`, `'${v}' is listed twice`)
  })
  if (!Array.isArray(out.venueShares) || out.venueShares.length !== out.venues.length)
    fail('venueShares', `needs one share per venue (${out.venues.length})`)
  out.venueShares.forEach((s, i) => num(`venueShares[${i}]`, s, 0, 1e9))
  if (!(out.venueShares.reduce((a, b) => a + b, 0) > 0)) fail('venueShares', 'sum to 0')
  const lev = out.leverage
  if (
    typeof lev !== 'object' ||
    lev === null ||
    !Array.isArray(lev.values) ||
    !Array.isArray(lev.weights)
  )
    fail('leverage', 'must be { values: number[], weights: number[] }')
  if (lev.values.length === 0) fail('leverage.values', 'is empty')
  if (lev.weights.length !== lev.values.length)
    fail('leverage.weights', `has ${lev.weights.length} entries for ${lev.values.length} values`)
  lev.values.forEach((v, i) => num(`leverage.values[${i}]`, v, 1, 200))
  lev.weights.forEach((w, i) => num(`leverage.weights[${i}]`, w, 0, 1e9))
  if (!(lev.weights.reduce((a, b) => a + b, 0) > 0)) fail('leverage.weights', 'sum to 0')
  if (out.notionalMultMax < out.notionalMultMin)
    fail('notionalMultMax', `is below notionalMultMin (${out.notionalMultMin})`)
  if (out.wealthMaxUsd < out.wealthMinUsd)
    fail('wealthMaxUsd', `is below wealthMinUsd (${out.wealthMinUsd})`)
  return Object.freeze({ ...out })
}

/** Depth actually used: `depthUsdPer1Pct`, or `depthPerTraderUsd × traders` when that is 0. */
export function effectiveDepth(p: SimParams): number {
  return p.depthUsdPer1Pct > 0 ? p.depthUsdPer1Pct : p.depthPerTraderUsd * p.traders
}
