/**
 * Lists a data folder, recognises each file's kind (by name, else by header), and picks the files
 * one import uses: one symbol and one kline interval (the finest unless asked otherwise). Every
 * file not used is listed with the reason.
 * @module
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { DataError, UsageError } from '../core/errors.ts'
import { msToTimeframe, timeframeToMs } from '../core/time.ts'
import { CsvReader } from './csv-reader.ts'
import {
  classifyName,
  isIgnored,
  kindOfHeader,
  type ClassifiedFile,
  type FileKind,
  type IgnoredFile,
} from './file-kinds.ts'
import { readCsvBytes } from './read-file.ts'

export interface Selection {
  readonly byKind: Record<FileKind, ClassifiedFile[]>
  /** Symbol in the kline file names, when they carry one. */
  readonly fileSymbol?: string
  /** Kline interval from the file names, when they carry one. */
  readonly interval?: string
  readonly intervalMs?: number
  readonly ignored: IgnoredFile[]
  readonly notes: string[]
  /** File contents already read while sniffing headers. */
  readonly contents: Map<string, Uint8Array>
}

const EXPECTED =
  'Binance Vision klines such as BTCUSDT-1h.csv or BTCUSDT-1m-2024-01-01.zip ' +
  '(plus optional BTCUSDT-metrics*, BTCUSDT-fundingRate*, liquidations-*.csv)'

export async function selectFiles(
  dir: string,
  opts: { symbol?: string; interval?: string },
): Promise<Selection> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (err) {
    throw new DataError(`${dir}: cannot read the data folder (${(err as Error).message})`, dir)
  }
  const names = entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
  if (names.length === 0)
    throw new DataError(`${dir}: the folder is empty; expected ${EXPECTED}`, dir)
  const ignored: IgnoredFile[] = []
  const notes: string[] = []
  const contents = new Map<string, Uint8Array>()
  const found: ClassifiedFile[] = []
  for (const name of names) {
    const c = classifyName(name)
    if (c !== undefined) {
      if (isIgnored(c)) ignored.push(c)
      else found.push(c)
      continue
    }
    const bytes = await readCsvBytes(join(dir, name), name)
    contents.set(name, bytes)
    const r = new CsvReader(name, bytes)
    const kind = r.next() && r.looksLikeHeader() ? kindOfHeader(r.cells()) : undefined
    if (kind) found.push({ name, kind, byHeader: true })
    else ignored.push({ name, reason: 'name not recognised and no known header' })
  }
  const klines = found.filter((f) => f.kind === 'klines')
  if (klines.length === 0) {
    const seen = names.join(', ')
    throw new DataError(`${dir}: no kline file; expected ${EXPECTED}; found: ${seen}`, dir)
  }

  const fileSymbol = pickSymbol(dir, klines, opts.symbol)
  const ofOtherSymbol = (f: ClassifiedFile): boolean =>
    fileSymbol !== undefined && f.symbol !== undefined && f.symbol !== fileSymbol
  for (const f of found.filter(ofOtherSymbol)) {
    ignored.push({ name: f.name, reason: `symbol ${f.symbol}, not the loaded ${fileSymbol}` })
  }
  let mine = found.filter((f) => !ofOtherSymbol(f))
  if (opts.symbol !== undefined && fileSymbol !== undefined && fileSymbol !== opts.symbol) {
    notes.push(`klines named ${fileSymbol} loaded as symbol ${opts.symbol}`)
  }

  const named = mine.filter((f) => f.kind === 'klines' && f.intervalMs !== undefined)
  const unnamed = mine.filter((f) => f.kind === 'klines' && f.intervalMs === undefined)
  if (named.length > 0) {
    for (const f of unnamed) {
      ignored.push({ name: f.name, reason: 'kline file without an interval in its name' })
    }
    mine = mine.filter((f) => !unnamed.includes(f))
  }
  const intervalMs = named.length > 0 ? pickInterval(dir, named, opts.interval) : undefined
  if (intervalMs !== undefined) {
    const all = [...new Set(named.map((f) => f.intervalMs ?? 0))].sort((a, b) => a - b)
    for (const f of named.filter((x) => x.intervalMs !== intervalMs)) {
      ignored.push({ name: f.name, reason: `kline interval ${f.interval} not loaded` })
    }
    if (all.length > 1) {
      const how = opts.interval === undefined ? 'the finest' : 'as asked'
      notes.push(
        `klines at ${all.length} intervals (${all.map(msToTimeframe).join(', ')}): loaded ${msToTimeframe(intervalMs)} (${how}); only one interval is loaded at a time`,
      )
    }
    mine = mine.filter((f) => f.kind !== 'klines' || f.intervalMs === intervalMs)
  }

  const byKind: Record<FileKind, ClassifiedFile[]> = {
    klines: [],
    metrics: [],
    funding: [],
    'liquidation-bars': [],
    'liquidation-events': [],
  }
  for (const f of mine) byKind[f.kind].push(f)
  const interval = byKind.klines.find((f) => f.interval !== undefined)?.interval
  return { byKind, fileSymbol, interval, intervalMs, ignored, notes, contents }
}

function pickSymbol(
  dir: string,
  klines: readonly ClassifiedFile[],
  wanted: string | undefined,
): string | undefined {
  const symbols = [...new Set(klines.flatMap((f) => (f.symbol === undefined ? [] : [f.symbol])))]
  if (wanted !== undefined && symbols.includes(wanted)) return wanted
  if (symbols.length <= 1) return symbols[0]
  const list = symbols.join(', ')
  if (wanted !== undefined) {
    throw new DataError(
      `${dir}: no kline file for symbol ${wanted} (klines found for ${list})`,
      dir,
    )
  }
  throw new DataError(
    `${dir}: klines for several symbols (${list}); choose one with the symbol option`,
    dir,
  )
}

function pickInterval(
  dir: string,
  named: readonly ClassifiedFile[],
  wanted: string | undefined,
): number {
  const all = named.map((f) => f.intervalMs ?? Infinity)
  if (wanted === undefined) return Math.min(...all)
  const ms = timeframeToMs(wanted)
  if (ms === undefined) {
    throw new UsageError(
      `--interval: '${wanted}' is not an interval such as 1m, 5m, 1h`,
      '--interval',
    )
  }
  if (all.includes(ms)) return ms
  const have = [...new Set(named.map((f) => f.interval))].join(', ')
  throw new DataError(`${dir}: no kline file at interval '${wanted}' (found ${have})`, dir)
}
