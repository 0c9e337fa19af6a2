/**
 * Which kind of data a file holds, told from its name (Binance Vision daily, monthly or plain
 * names, and liqheat's liquidation CSVs) or, for other names, from its header row; and the columns
 * each kind has, in the order of a header-less file.
 * @module
 */
import { timeframeToMs } from '../core/time.ts'

export type FileKind = 'klines' | 'metrics' | 'funding' | 'liquidation-bars' | 'liquidation-events'

export interface ClassifiedFile {
  readonly name: string
  readonly kind: FileKind
  /** Symbol from the name (`BTCUSDT-...`). */
  readonly symbol?: string
  /** Kline interval from the name, e.g. `1m`. */
  readonly interval?: string
  readonly intervalMs?: number
  /** Exchange from a `liquidations-<exchange>` name. */
  readonly venue?: string
  /** Whether the kind came from the header because the name was not recognised. */
  readonly byHeader?: boolean
}

export interface IgnoredFile {
  readonly name: string
  readonly reason: string
}

/** Columns of each kind in Binance Vision order (the order of a header-less file). */
export const COLUMNS: Record<FileKind, readonly string[]> = {
  klines: [
    'open_time',
    'open',
    'high',
    'low',
    'close',
    'volume',
    'close_time',
    'quote_volume',
    'count',
    'taker_buy_volume',
    'taker_buy_quote_volume',
    'ignore',
  ],
  metrics: [
    'create_time',
    'symbol',
    'sum_open_interest',
    'sum_open_interest_value',
    'count_toptrader_long_short_ratio',
    'sum_toptrader_long_short_ratio',
    'count_long_short_ratio',
    'sum_taker_long_short_vol_ratio',
  ],
  funding: ['calc_time', 'funding_interval_hours', 'last_funding_rate'],
  'liquidation-bars': ['ts', 'interval_s', 'exchanges', 'long_usd', 'short_usd'],
  'liquidation-events': ['ts', 'exchange', 'symbol', 'side', 'price', 'qty'],
}

/** Columns a header must name for the kind to be read. */
export const REQUIRED: Record<FileKind, readonly string[]> = {
  klines: ['open_time', 'open', 'high', 'low', 'close'],
  metrics: ['create_time', 'sum_open_interest'],
  funding: ['calc_time', 'funding_interval_hours', 'last_funding_rate'],
  'liquidation-bars': ['ts', 'interval_s', 'long_usd', 'short_usd'],
  'liquidation-events': ['ts', 'side', 'price', 'qty'],
}

const DATE = '(?:-\\d{4}-\\d{2}(?:-\\d{2})?)?'
const EXT = '\\.(?:csv|zip)$'
const SYMBOL = '([A-Za-z0-9_]+)'
const KLINES_RE = new RegExp(`^${SYMBOL}-(\\d+(?:mo|[smhdwHDW]))${DATE}${EXT}`)
const METRICS_RE = new RegExp(`^${SYMBOL}-metrics${DATE}${EXT}`)
const FUNDING_RE = new RegExp(`^${SYMBOL}-fundingRate${DATE}${EXT}`)
const LIQ_BARS_RE = new RegExp(`^liquidations-aggregated${DATE}${EXT}`)
const LIQ_EVENTS_RE = new RegExp(`^liquidations-([A-Za-z0-9]+)${DATE}${EXT}`)

/** Classifies a file by its name. `undefined` = a .csv/.zip whose name says nothing (sniff the header). */
export function classifyName(name: string): ClassifiedFile | IgnoredFile | undefined {
  if (!/\.(csv|zip)$/i.test(name)) return { name, reason: 'not a .csv or .zip file' }
  let m = LIQ_BARS_RE.exec(name)
  if (m) return { name, kind: 'liquidation-bars' }
  m = LIQ_EVENTS_RE.exec(name)
  if (m) return { name, kind: 'liquidation-events', venue: m[1].toLowerCase() }
  m = METRICS_RE.exec(name)
  if (m) return { name, kind: 'metrics', symbol: m[1] }
  m = FUNDING_RE.exec(name)
  if (m) return { name, kind: 'funding', symbol: m[1] }
  m = KLINES_RE.exec(name)
  if (m) {
    const intervalMs = timeframeToMs(m[2])
    if (intervalMs === undefined) {
      return { name, reason: `kline interval '${m[2]}' has no fixed length (not supported)` }
    }
    return { name, kind: 'klines', symbol: m[1], interval: m[2], intervalMs }
  }
  return undefined
}

const KNOWN_COLUMNS = new Set(Object.values(COLUMNS).flat())

/** True when a row that starts with a word is a header: one of its cells is a known column. */
export function isHeaderRow(cells: readonly string[]): boolean {
  return cells.some((c) => KNOWN_COLUMNS.has(c))
}

/** The kind a header row (lower-cased cells) describes, if any. */
export function kindOfHeader(header: readonly string[]): FileKind | undefined {
  const has = (cols: readonly string[]): boolean => cols.every((c) => header.includes(c))
  // Events before bars: both have `ts`, only events have `price`.
  const order: FileKind[] = [
    'klines',
    'metrics',
    'funding',
    'liquidation-events',
    'liquidation-bars',
  ]
  return order.find((k) => has(REQUIRED[k]))
}

export function isIgnored(c: ClassifiedFile | IgnoredFile): c is IgnoredFile {
  return 'reason' in c
}

/** Human name of a kind, for messages. */
export const KIND_LABEL: Record<FileKind, string> = {
  klines: 'klines',
  metrics: 'open interest (metrics)',
  funding: 'funding rates',
  'liquidation-bars': 'aggregated liquidations',
  'liquidation-events': 'liquidation events',
}
