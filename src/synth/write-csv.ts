/**
 * Writes MarketData as Binance Vision CSVs (klines, metrics, fundingRate) that `--data` reads:
 * used by the benchmark and by tests that need files of a given size.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MarketData } from '../core/types.ts'
import { msToTimeframe } from '../core/time.ts'

const KLINE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

function utc(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ')
}

export function writeMarketCsv(data: MarketData, dir: string): string[] {
  mkdirSync(dir, { recursive: true })
  const tf = msToTimeframe(data.timeframeMs)
  const k = [KLINE_HEADER]
  for (const b of data.bars)
    k.push(
      `${b.ts},${b.open.toFixed(2)},${b.high.toFixed(2)},${b.low.toFixed(2)},${b.close.toFixed(2)},${b.volume?.toFixed(3) ?? ''},${b.ts + data.timeframeMs - 1},${b.quoteVolume?.toFixed(2) ?? ''},0,${b.takerBuyVolume?.toFixed(3) ?? ''},${b.takerBuyQuoteVolume?.toFixed(2) ?? ''},0`,
    )
  const files = [join(dir, `${data.symbol}-${tf}.csv`)]
  writeFileSync(files[0], `${k.join('\n')}\n`)
  if (data.openInterest.length) {
    const m = [
      'create_time,symbol,sum_open_interest,sum_open_interest_value,count_toptrader_long_short_ratio,sum_toptrader_long_short_ratio,count_long_short_ratio,sum_taker_long_short_vol_ratio',
    ]
    for (const o of data.openInterest)
      m.push(`${utc(o.ts)},${data.symbol},${o.oi.toFixed(3)},${(o.oiUsd ?? 0).toFixed(2)},,,,`)
    files.push(join(dir, `${data.symbol}-metrics.csv`))
    writeFileSync(files[1], `${m.join('\n')}\n`)
  }
  if (data.funding.length) {
    const f = ['calc_time,funding_interval_hours,last_funding_rate']
    for (const x of data.funding) f.push(`${x.ts},${x.intervalHours},${x.rate}`)
    files.push(join(dir, `${data.symbol}-fundingRate.csv`))
    writeFileSync(files[files.length - 1], `${f.join('\n')}\n`)
  }
  return files
}
