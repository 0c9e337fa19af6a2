import { describe, expect, it } from 'vitest'
import {
  decimalsForStep,
  formatPrice,
  formatUsd,
  formatUtcDateTime,
  formatUtcDay,
  formatUtcMonth,
  formatUtcTime,
} from './format.ts'

describe('formatUsd', () => {
  it.each([
    [0, '$0'],
    [950, '$950'],
    [999.6, '$1K'],
    [1234, '$1.2K'],
    [12_345, '$12K'],
    [850_000, '$850K'],
    [999_960, '$1M'],
    [1_234_567, '$1.2M'],
    [9_960_000, '$10M'],
    [3.4e9, '$3.4B'],
    [2e12, '$2T'],
    [-1.5e6, '-$1.5M'],
    [NaN, '$?'],
  ])('%d → %s', (v, text) => expect(formatUsd(v)).toBe(text))
})

describe('formatPrice', () => {
  it('uses thousands separators and the decimals of the step', () => {
    expect(formatPrice(104_500, 500)).toBe('104,500')
    expect(formatPrice(104_502.5, 2.5)).toBe('104,502.5')
    expect(formatPrice(0.6125, 0.0025)).toBe('0.6125')
    expect(formatPrice(0.65, 0.05)).toBe('0.65')
    expect(decimalsForStep(0.1)).toBe(1)
    expect(decimalsForStep(0.01)).toBe(2)
    expect(decimalsForStep(1000)).toBe(0)
  })
})

describe('UTC labels', () => {
  const ts = Date.parse('2026-05-21T14:05:00Z')
  it('formats in UTC regardless of the local zone', () => {
    expect(formatUtcDay(ts)).toBe('May 21')
    expect(formatUtcTime(ts)).toBe('14:05')
    expect(formatUtcDateTime(ts)).toBe('2026-05-21 14:05 UTC')
    expect(formatUtcMonth(ts)).toBe('May')
    expect(formatUtcMonth(Date.parse('2027-01-01T00:00:00Z'))).toBe('2027')
  })
})
