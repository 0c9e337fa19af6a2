/**
 * One parser per file kind: turns the current CSV row into a normalised record, or throws a
 * DataError naming the field. Column indices follow `COLUMNS[kind]` (see file-kinds.ts). Empty
 * optional cells stay `undefined` (never 0).
 * @module
 */
import type {
  Bar,
  FundingPoint,
  LiquidationBar,
  LiquidationEvent,
  OpenInterestPoint,
  Side,
} from '../core/types.ts'
import type { CsvReader } from './csv-reader.ts'
import type { RowParser } from './parse-rows.ts'

/** Binance Vision kline row → Bar (close_time, count and ignore are not read). */
export const parseKlineRow: RowParser<Bar> = (r, c) => {
  const ts = r.time(c[0], 'open_time')
  const open = r.positive(c[1], 'open')
  const high = r.positive(c[2], 'high')
  const low = r.positive(c[3], 'low')
  const close = r.positive(c[4], 'close')
  if (high < low) r.fail('high', `field 'high' (${high}) is below field 'low' (${low})`)
  if (open > high || open < low) outside(r, 'open', open, low, high)
  if (close > high || close < low) outside(r, 'close', close, low, high)
  return {
    ts,
    open,
    high,
    low,
    close,
    volume: r.optNonNegative(c[5], 'volume'),
    quoteVolume: r.optNonNegative(c[7], 'quote_volume'),
    takerBuyVolume: r.optNonNegative(c[9], 'taker_buy_volume'),
    takerBuyQuoteVolume: r.optNonNegative(c[10], 'taker_buy_quote_volume'),
  }
}

function outside(r: CsvReader, field: string, v: number, low: number, high: number): never {
  return r.fail(field, `field '${field}' (${v}) is outside low..high (${low}..${high})`)
}

/** Binance Vision metrics row → open interest (Binance USDⓈ-M, one-sided, BTC and USD). */
export const parseMetricsRow: RowParser<OpenInterestPoint> = (r, c) => ({
  ts: r.time(c[0], 'create_time'),
  oi: r.nonNegative(c[2], 'sum_open_interest'),
  oiUsd: r.optNonNegative(c[3], 'sum_open_interest_value'),
  venue: 'binance',
})

/** Binance Vision fundingRate row → funding point (rate as a fraction per interval). */
export const parseFundingRow: RowParser<FundingPoint> = (r, c) => {
  const ts = r.time(c[0], 'calc_time')
  const intervalHours = r.positive(c[1], 'funding_interval_hours')
  const rate = r.num(c[2], 'last_funding_rate')
  if (Math.abs(rate) >= 1) {
    r.fail('last_funding_rate', `field 'last_funding_rate' is ${rate}: not a fraction per interval`)
  }
  return { ts, rate, intervalHours }
}

/** `liquidations-aggregated.csv` row → realized liquidation USD per bar. */
export const parseLiquidationBarRow: RowParser<LiquidationBar> = (r, c) => ({
  ts: r.time(c[0], 'ts'),
  intervalS: r.positive(c[1], 'interval_s'),
  venues: r.cell(c[2]),
  longUsd: r.nonNegative(c[3], 'long_usd'),
  shortUsd: r.nonNegative(c[4], 'short_usd'),
})

/** `liquidations-<exchange>.csv` row → event; `venue`/`symbol` fill absent or empty cells. */
export function liquidationEventParser(venue: string, symbol: string): RowParser<LiquidationEvent> {
  return (r, c) => {
    const ts = r.time(c[0], 'ts')
    const raw = r.cell(c[3]).toLowerCase()
    const side: Side = raw === 'long' || raw === 'short' ? raw : 'long'
    if (raw !== side) {
      r.fail(
        'side',
        `field 'side' is '${r.cell(c[3])}', expected 'long' or 'short' (the liquidated position)`,
      )
    }
    const price = r.positive(c[4], 'price')
    const qty = r.positive(c[5], 'qty')
    return {
      ts,
      venue: r.blank(c[1]) ? venue : r.cell(c[1]).toLowerCase(),
      symbol: r.blank(c[2]) ? symbol : r.cell(c[2]),
      side,
      price,
      qty,
      usd: price * qty,
    }
  }
}
