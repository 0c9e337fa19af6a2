/**
 * Reads the exact map back from the JSON `liqheat hl-positions --out` writes (its `map` field) or
 * from a bare map object, checking every field, so a server can show a collected map without
 * running the collector. A bad file is a DataError naming the file and the field.
 * @module
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { DataError } from '../../../core/errors.ts'
import type { ExactLiquidationMap } from './types.ts'

const n = z.number()
const nn = z.number().min(0)
const arr = z.array(nn)

const ExactMap = z
  .object({
    at: n,
    price: z.number().positive(),
    priceMin: n,
    step: z.number().positive(),
    long: arr,
    short: arr,
    cumLong: arr,
    cumShort: arr,
    exact: z.literal(true),
    venue: z.literal('hyperliquid'),
    symbol: z.string(),
    coverage: nn,
    coverageLong: nn,
    coverageShort: nn,
    openInterest: nn,
    openInterestUsd: nn,
    seenLongUsd: nn,
    seenShortUsd: nn,
    noLiquidationUsd: nn,
    outOfRangeLongUsd: nn,
    outOfRangeShortUsd: nn,
    pastPriceUsd: nn,
    addresses: z.number().int().min(0),
    positionsMapped: z.number().int().min(0),
    oldestAgeMs: nn,
    meanAgeMs: nn,
  })
  .refine((m) => [m.short, m.cumLong, m.cumShort].every((a) => a.length === m.long.length), {
    message: 'long, short, cumLong and cumShort must have the same length',
    path: ['long'],
  })

/** Parses an exact map from JSON text (`{ map: … }` or the map itself); `file` names errors. */
export function parseExactMap(text: string, file: string): ExactLiquidationMap {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new DataError(`${file}: not JSON (${(err as Error).message})`, file)
  }
  const wrapped = typeof raw === 'object' && raw !== null && 'map' in raw
  const r = ExactMap.safeParse(wrapped ? (raw as { map: unknown }).map : raw)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const field = `${wrapped ? 'map.' : ''}${issue ? issue.path.join('.') : '?'}`
  throw new DataError(
    `${file}: field '${field}' ${issue?.message ?? 'invalid'}`,
    file,
    undefined,
    field,
  )
}

/** Reads and parses an exact map file. */
export function readExactMap(file: string): ExactLiquidationMap {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new DataError(`${file}: cannot read (${(err as Error).message})`, file)
  }
  return parseExactMap(text, file)
}
