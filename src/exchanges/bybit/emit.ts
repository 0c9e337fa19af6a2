/**
 * What the Bybit channel mappers share: `push`, which keeps only events that pass validation.
 * @module
 */
import type { MarketEvent } from '../../core/events.ts'
import type { MappedItem } from '../types.ts'
import { eventProblem } from '../validate.ts'

/** Pushes a valid event; false when it fails validation (left out). */
export function push(out: MappedItem[], e: MarketEvent): boolean {
  if (eventProblem(e) !== undefined) return false
  out.push(e)
  return true
}
