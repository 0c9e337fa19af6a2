/**
 * Argument checks shared by the margin functions: bad numbers become a RangeError naming the field.
 * @module
 */
import type { Side } from '../core/types.ts'

/** Throws a RangeError unless `value` is a finite number > 0. */
export function requirePositive(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a finite number > 0, got ${String(value)}`)
  }
}

/** Throws a RangeError unless `value` is a finite number ≥ 0. */
export function requireNonNegative(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a finite number ≥ 0, got ${String(value)}`)
  }
}

/** Throws a RangeError unless `value` is a finite number. */
export function requireFinite(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${field} must be a finite number, got ${String(value)}`)
  }
}

/** Throws a RangeError unless `value` is a finite leverage ≥ 1 (no venue offers less). */
export function requireLeverage(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) {
    throw new RangeError(`${field} must be a finite number ≥ 1, got ${String(value)}`)
  }
}

/** Throws a RangeError unless `value` is `long` or `short`. */
export function requireSide(value: Side, field: string): void {
  if (value !== 'long' && value !== 'short') {
    throw new RangeError(`${field} must be 'long' or 'short', got ${String(value)}`)
  }
}
