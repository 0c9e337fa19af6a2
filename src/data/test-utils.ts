/**
 * Test helpers for the importer: temp folders of CSV/zip files and Binance-style kline rows.
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const KLINE_HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

export interface KlineCells {
  readonly ts: number
  readonly open: number | string
  readonly high: number | string
  readonly low: number | string
  readonly close: number | string
  readonly volume?: number | string
  readonly quoteVolume?: number | string
  readonly takerBuyVolume?: number | string
  readonly takerBuyQuoteVolume?: number | string
}

const cell = (v: number | string | undefined): string => (v === undefined ? '' : String(v))

/** One 12-column Binance Vision kline row; `closeMs` is the bar length for `close_time`. */
export function klineRow(k: KlineCells, closeMs = 60_000): string {
  return [
    k.ts,
    cell(k.open),
    cell(k.high),
    cell(k.low),
    cell(k.close),
    cell(k.volume),
    k.ts + closeMs - 1,
    cell(k.quoteVolume),
    k.volume === undefined ? '' : '10',
    cell(k.takerBuyVolume),
    cell(k.takerBuyQuoteVolume),
    '0',
  ].join(',')
}

/** A simple valid bar at `ts` around `price`. */
export function simpleBar(ts: number, price = 100): KlineCells {
  return {
    ts,
    open: price,
    high: price + 2,
    low: price - 2,
    close: price + 1,
    volume: 5,
    quoteVolume: 500,
    takerBuyVolume: 2,
    takerBuyQuoteVolume: 200,
  }
}

/** Writes `files` (name → text or bytes) into a fresh temp folder; returns it and a cleanup. */
export async function tempDataDir(
  files: Record<string, string | Uint8Array>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'liqheat-data-'))
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

/** A kline CSV text of the given rows, with or without the header. */
export function klineCsv(rows: readonly string[], header = true): string {
  return (header ? [KLINE_HEADER, ...rows] : rows).join('\n') + '\n'
}
