/**
 * Writes a simulation to a folder: the public series in the formats `--data` reads (Binance Vision
 * CSVs with a header, liqheat's liquidation CSVs) and, under `truth/`, the ground truth. Numbers
 * are formatted with fixed decimals, so the same simulation gives the same bytes.
 * Formats: docs/simulator.md.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { msToTimeframe } from '../core/time.ts'
import { EXIT_REASONS, LOTS_PER_UNIT } from './truth-log.ts'
import type { SimResult } from './types.ts'

export const TRUTH_FORMAT = 'liqheat-sim-truth/1'

export const KLINE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'
export const METRICS_HEADER =
  'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio'
export const FUNDING_HEADER = 'calc_time,funding_interval_hours,last_funding_rate'
export const LIQ_EVENTS_HEADER = 'ts,exchange,symbol,side,price,qty'
export const LIQ_BARS_HEADER = 'ts,interval_s,exchanges,long_usd,short_usd'
export const TRUTH_POSITIONS_HEADER =
  'id,venue,side,leverage,entry_ts,entry_price,qty,extra_margin_usd,liq_price,exit_ts,exit_price,exit_reason'
export const TRUTH_BARS_HEADER =
  'ts,long_qty,short_qty,maker_qty,passive_qty,oi,open_positions,cascade_depth'

/** `YYYY-MM-DD HH:MM:SS` in UTC (the metrics file's create_time). */
export function utcDateTime(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ')
}

/** Names of the files `writeSimFiles` writes, relative to the folder. */
export function simFileNames(r: Pick<SimResult, 'symbol' | 'tfMs'>): string[] {
  return [
    `${r.symbol}-${msToTimeframe(r.tfMs)}.csv`,
    `${r.symbol}-metrics.csv`,
    `${r.symbol}-fundingRate.csv`,
    'liquidations-sim.csv',
    'liquidations-aggregated.csv',
    'truth/positions.csv',
    'truth/bars.csv',
    'truth/meta.json',
  ]
}

const lines = (header: string, rows: string[]): string => [header, ...rows].join('\n') + '\n'

/** The public files' contents, by name. */
export function publicFiles(r: SimResult): Map<string, string> {
  const m = r.market
  const [kName, mName, fName, eName, aName] = simFileNames(r)
  const out = new Map<string, string>()
  out.set(
    kName,
    lines(
      KLINE_HEADER,
      m.bars.map(
        (b, i) =>
          `${b.ts},${b.open.toFixed(1)},${b.high.toFixed(1)},${b.low.toFixed(1)},${b.close.toFixed(1)},` +
          `${(b.volume ?? 0).toFixed(3)},${b.ts + r.tfMs - 1},${(b.quoteVolume ?? 0).toFixed(2)},${r.counts[i]},` +
          `${(b.takerBuyVolume ?? 0).toFixed(3)},${(b.takerBuyQuoteVolume ?? 0).toFixed(2)},0`,
      ),
    ),
  )
  out.set(
    mName,
    lines(
      METRICS_HEADER,
      m.openInterest.map(
        (o) =>
          `${utcDateTime(o.ts)},${r.symbol},${o.oi.toFixed(3)},${(o.oiUsd ?? 0).toFixed(2)},,,,`,
      ),
    ),
  )
  out.set(
    fName,
    lines(
      FUNDING_HEADER,
      m.funding.map((f) => `${f.ts},${f.intervalHours},${f.rate.toFixed(8)}`),
    ),
  )
  out.set(
    eName,
    lines(
      LIQ_EVENTS_HEADER,
      m.liquidationEvents.map(
        (e) => `${e.ts},${e.venue},${e.symbol},${e.side},${e.price.toFixed(1)},${e.qty.toFixed(3)}`,
      ),
    ),
  )
  out.set(
    aName,
    lines(
      LIQ_BARS_HEADER,
      m.liquidationBars.map(
        (l) =>
          `${l.ts},${l.intervalS},${l.venues},${l.longUsd.toFixed(2)},${l.shortUsd.toFixed(2)}`,
      ),
    ),
  )
  return out
}

/** The truth files' contents, by name (under `truth/`). */
export function truthFiles(r: SimResult): Map<string, string> {
  const t = r.truth
  const rows: string[] = []
  for (let id = 0; id < t.length; id++) {
    // Positions closed before the published window never stand in it.
    if (t.exitTs[id] < r.startTs) continue
    const open = t.exitTs[id] === Infinity
    rows.push(
      `${id},${t.venues[t.venueIndex[id]]},${t.side[id] > 0 ? 'long' : 'short'},${t.leverage[id]},` +
        `${t.entryTs[id]},${t.entryPrice[id].toFixed(1)},${(t.qtyLots[id] / LOTS_PER_UNIT).toFixed(3)},` +
        `${t.extraMargin[id].toFixed(2)},${t.liq[id].toFixed(2)},${open ? '' : t.exitTs[id]},` +
        `${open ? '' : t.exitPrice[id].toFixed(1)},${EXIT_REASONS[t.exitReason[id]]}`,
    )
  }
  const out = new Map<string, string>()
  out.set('truth/positions.csv', lines(TRUTH_POSITIONS_HEADER, rows))
  out.set(
    'truth/bars.csv',
    lines(
      TRUTH_BARS_HEADER,
      r.truthBars.map(
        (b) =>
          `${b.ts},${b.longQty.toFixed(3)},${b.shortQty.toFixed(3)},${b.makerQty.toFixed(3)},` +
          `${b.passiveQty.toFixed(3)},${b.oi.toFixed(3)},${b.openPositions},${b.cascadeDepth}`,
      ),
    ),
  )
  const meta = {
    format: TRUTH_FORMAT,
    symbol: r.symbol,
    seed: r.seed,
    tfMs: r.tfMs,
    startTs: r.startTs,
    endTs: r.endTs,
    burnInStartTs: r.burnInStartTs,
    venues: r.params.venues,
    params: r.params,
    stats: r.stats,
  }
  out.set('truth/meta.json', JSON.stringify(meta, null, 2) + '\n')
  return out
}

/** Writes the public series and the truth to `dir` (created if missing); returns the paths. */
export async function writeSimFiles(r: SimResult, dir: string): Promise<string[]> {
  await mkdir(join(dir, 'truth'), { recursive: true })
  const written: string[] = []
  for (const files of [publicFiles(r), truthFiles(r)]) {
    for (const [name, text] of files) {
      const path = join(dir, name)
      await writeFile(path, text)
      written.push(path)
    }
  }
  return written
}
