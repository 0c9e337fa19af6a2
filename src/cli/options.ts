/** Shared option parsers for CLI commands: each throws UsageError naming the flag. @module */
import { UsageError } from '../core/errors.ts'
import { isVenue, VENUES, type Venue } from '../core/types.ts'

export function parsePositiveInt(value: string, flag: string, max = 1_000_000): number {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${flag}: '${value}' is not a positive whole number`, flag)
  if (n > max) throw new UsageError(`${flag}: ${n} is above the limit of ${max}`, flag)
  return n
}

export function parsePositiveNumber(value: string, flag: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag}: '${value}' is not a positive number`, flag)
  return n
}

export function parseLeverages(value: string, flag = '--leverage'): number[] {
  const parts = value.split(',').map((s) => s.trim())
  const out: number[] = []
  for (const p of parts) {
    const n = Number(p)
    if (p === '' || !Number.isFinite(n) || n < 1 || n > 200)
      throw new UsageError(`${flag}: '${p}' is not a leverage between 1 and 200`, flag)
    if (out.includes(n)) throw new UsageError(`${flag}: ${n} is listed twice`, flag)
    out.push(n)
  }
  return out.sort((a, b) => a - b)
}

export function parseVenues(value: string, flag = '--exchanges'): Venue[] {
  const parts = value.split(',').map((s) => s.trim().toLowerCase())
  const out: Venue[] = []
  for (const p of parts) {
    if (!isVenue(p))
      throw new UsageError(`${flag}: '${p}' is not one of ${VENUES.join(', ')}`, flag)
    if (!out.includes(p)) out.push(p)
  }
  return out
}

export function parseChoice<T extends string>(
  value: string,
  choices: readonly T[],
  flag: string,
): T {
  if ((choices as readonly string[]).includes(value)) return value as T
  throw new UsageError(`${flag}: '${value}' is not one of ${choices.join(', ')}`, flag)
}
