/**
 * What the OKX channel mappers share: the mapper's instrument context (contract values, canonical
 * symbols) and `push`, which keeps only events that pass validation.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import type { MappedItem } from '../types.ts'
import { eventProblem } from '../validate.ts'

/** What the channel mappers read from `OkxMapper`. */
export interface OkxContext {
  /** Contract value (base units per contract) per instId, from /api/v5/public/instruments. */
  readonly ctVal: ReadonlyMap<string, number>
  /** Canonical symbol for an instId (cached). */
  symbol(instId: string): string
}

/** Appends `e` to `out` when it is a valid event; false (nothing appended) otherwise. */
export function push(out: MappedItem[], e: MarketEvent): boolean {
  if (eventProblem(e) !== undefined) return false
  out.push(e)
  return true
}
