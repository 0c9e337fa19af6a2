/**
 * Reads a simulation's `truth/` folder back (positions.csv, bars.csv, meta.json). Every bad row or
 * field is a DataError naming file:line and the field.
 * @module
 */
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DataError } from '../core/errors.ts'
import { isVenue, type Venue } from '../core/types.ts'
import { EXIT_REASONS, LOTS_PER_UNIT, TruthLog } from './truth-log.ts'
import type { TruthBar } from './types.ts'
import { TRUTH_BARS_HEADER, TRUTH_FORMAT, TRUTH_POSITIONS_HEADER } from './write-files.ts'

export interface TruthMeta {
  readonly format: string
  readonly symbol: string
  readonly seed: number | string
  readonly tfMs: number
  readonly startTs: number
  readonly endTs: number
  readonly burnInStartTs: number
  readonly venues: readonly Venue[]
}

export interface LoadedTruth {
  readonly meta: TruthMeta
  /** Positions by truth id (ids absent from the file are left as zero-size, never-standing rows). */
  readonly positions: TruthLog
  /** Number of positions read from the file. */
  readonly count: number
  readonly bars: readonly TruthBar[]
}

/** True when `dir/truth/positions.csv` exists. */
export async function hasTruth(dir: string): Promise<boolean> {
  try {
    await access(join(dir, 'truth', 'positions.csv'))
    return true
  } catch {
    return false
  }
}

function rowsOf(text: string, file: string, header: string): string[][] {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  if (lines[0]?.trim() !== header)
    throw new DataError(`${file}:1: header must be '${header}'`, file, 1)
  return lines.slice(1).map((l) => l.split(','))
}

function numAt(
  file: string,
  line: number,
  field: string,
  cell: string | undefined,
  opts?: { empty?: number },
): number {
  if (cell === undefined)
    throw new DataError(`${file}:${line}: missing field ${field}`, file, line, field)
  if (cell === '' && opts?.empty !== undefined) return opts.empty
  const n = Number(cell)
  if (cell.trim() === '' || !Number.isFinite(n))
    throw new DataError(
      `${file}:${line}: field ${field} '${cell}' is not a number`,
      file,
      line,
      field,
    )
  return n
}

async function readMeta(dir: string): Promise<TruthMeta> {
  const file = join(dir, 'truth', 'meta.json')
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw new DataError(
      `${file}: not readable JSON (${err instanceof Error ? err.message : String(err)})`,
      file,
    )
  }
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  if (o.format !== TRUTH_FORMAT)
    throw new DataError(
      `${file}: field format must be '${TRUTH_FORMAT}', got '${String(o.format)}'`,
      file,
      undefined,
      'format',
    )
  for (const k of ['tfMs', 'startTs', 'endTs', 'burnInStartTs']) {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k]))
      throw new DataError(`${file}: field ${k} is not a number`, file, undefined, k)
  }
  if (!Array.isArray(o.venues) || !o.venues.every((v) => typeof v === 'string' && isVenue(v)))
    throw new DataError(`${file}: field venues is not a list of venues`, file, undefined, 'venues')
  return o as unknown as TruthMeta
}

/** Loads `dir/truth/`. */
export async function loadTruth(dir: string): Promise<LoadedTruth> {
  const meta = await readMeta(dir)
  const pFile = join(dir, 'truth', 'positions.csv')
  const rows = rowsOf(await readFile(pFile, 'utf8'), pFile, TRUTH_POSITIONS_HEADER)
  const log = new TruthLog(meta.venues, Math.max(16, rows.length))
  const vIndex = new Map(meta.venues.map((v, i) => [v, i]))
  rows.forEach((c, k) => {
    const line = k + 2
    const num = (i: number, f: string, o?: { empty?: number }): number =>
      numAt(pFile, line, f, c[i], o)
    if (c.length !== 12)
      throw new DataError(`${pFile}:${line}: expected 12 fields, got ${c.length}`, pFile, line)
    const id = num(0, 'id')
    if (!Number.isInteger(id) || id < log.length)
      throw new DataError(`${pFile}:${line}: field id ${c[0]} is not increasing`, pFile, line, 'id')
    const vi = vIndex.get(c[1] as Venue)
    if (vi === undefined)
      throw new DataError(
        `${pFile}:${line}: field venue '${c[1]}' is not in meta.json`,
        pFile,
        line,
        'venue',
      )
    if (c[2] !== 'long' && c[2] !== 'short')
      throw new DataError(
        `${pFile}:${line}: field side '${c[2]}' is not long or short`,
        pFile,
        line,
        'side',
      )
    const reason = EXIT_REASONS.indexOf(c[11] as (typeof EXIT_REASONS)[number])
    if (reason < 0)
      throw new DataError(
        `${pFile}:${line}: field exit_reason '${c[11]}' is unknown`,
        pFile,
        line,
        'exit_reason',
      )
    // Ids skipped in the file (closed before the window) become empty rows that never stand.
    const entryTs = num(4, 'entry_ts')
    while (log.length < id) log.close(log.open(0, 1, 1, entryTs, 0, 0, 0, 0), entryTs, 0, 0)
    const pos = log.open(
      vi,
      c[2] === 'long' ? 1 : -1,
      num(3, 'leverage'),
      entryTs,
      num(5, 'entry_price'),
      Math.round(num(6, 'qty') * LOTS_PER_UNIT),
      num(7, 'extra_margin_usd'),
      num(8, 'liq_price'),
    )
    const exitTs = num(9, 'exit_ts', { empty: Infinity })
    if (exitTs !== Infinity) log.close(pos, exitTs, num(10, 'exit_price'), reason)
  })
  const bFile = join(dir, 'truth', 'bars.csv')
  const bars: TruthBar[] = rowsOf(await readFile(bFile, 'utf8'), bFile, TRUTH_BARS_HEADER).map(
    (c, k) => {
      const n = (i: number, f: string): number => numAt(bFile, k + 2, f, c[i])
      return {
        ts: n(0, 'ts'),
        longQty: n(1, 'long_qty'),
        shortQty: n(2, 'short_qty'),
        makerQty: n(3, 'maker_qty'),
        passiveQty: n(4, 'passive_qty'),
        oi: n(5, 'oi'),
        openPositions: n(6, 'open_positions'),
        cascadeDepth: n(7, 'cascade_depth'),
      }
    },
  )
  return { meta, positions: log, count: rows.length, bars }
}
