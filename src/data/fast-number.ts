/**
 * Decimal parsing by char codes, exactly equal to `Number()` on the same text: a decimal mantissa
 * below 2^53 divided by an exact power of ten is correctly rounded (trailing zeros of the fraction
 * are dropped first). Anything outside that fast path (exponents, 16+ significant digits) falls
 * back to `Number()`. Garbage gives `NaN`, never a guess. The CSV reader inlines the same method
 * over bytes; this string version serves its slow path.
 * @module
 */

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i)
const MAX_EXACT = 2 ** 53

/** Strict decimal text: optional sign, digits with an optional fraction, optional exponent. */
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Parses `text[start, end)` (surrounding spaces allowed) as a decimal number; `NaN` if it is not one. */
export function parseDecimal(text: string, start: number, end: number): number {
  let a = start
  let b = end
  while (a < b && text.charCodeAt(a) === 32) a++
  while (b > a && text.charCodeAt(b - 1) === 32) b--
  if (a === b) return NaN
  let i = a
  let negative = false
  const first = text.charCodeAt(i)
  if (first === 45 || first === 43) {
    negative = first === 45
    i++
  }
  let mantissa = 0
  let digits = 0
  let fraction = 0
  let zeros = 0
  let dot = false
  for (; i < b; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      digits++
      if (!dot) {
        mantissa = mantissa * 10 + (c - 48)
      } else if (c === 48) {
        zeros++ // trailing zeros of the fraction never enter the mantissa
      } else {
        if (zeros > 0) {
          mantissa *= zeros < POW10.length ? POW10[zeros] : Infinity
          fraction += zeros
          zeros = 0
        }
        mantissa = mantissa * 10 + (c - 48)
        fraction++
      }
    } else if (c === 46 && !dot) {
      dot = true
    } else {
      return slowParse(text.slice(a, b))
    }
  }
  if (digits === 0) return NaN
  if (!(mantissa < MAX_EXACT) || fraction >= POW10.length) return slowParse(text.slice(a, b))
  const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]
  return negative ? -value : value
}

function slowParse(s: string): number {
  return DECIMAL_RE.test(s) ? Number(s) : NaN
}
