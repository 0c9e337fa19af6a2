/**
 * Colour: palette lookup tables (d3-scale-chromatic), intensity scaling (linear, sqrt, log) and
 * the percentile clip that keeps a few huge cells from washing out the rest.
 * @module
 */
import {
  interpolateGreys,
  interpolateInferno,
  interpolateMagma,
  interpolateTurbo,
  interpolateViridis,
} from 'd3-scale-chromatic'
import type { Palette, Scaling } from '../app/state.ts'

const INTERPOLATORS: Record<Palette, (t: number) => string> = {
  viridis: interpolateViridis,
  inferno: interpolateInferno,
  magma: interpolateMagma,
  turbo: interpolateTurbo,
  greyscale: (t) => interpolateGreys(1 - t),
}

function parseColour(c: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c)
  if (m) return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)]
  const r = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(c)
  if (r) return [Number(r[1]), Number(r[2]), Number(r[3])]
  return [0, 0, 0]
}

const lutCache = new Map<Palette, Uint8Array>()

/** 256 RGB triples for the palette. */
export function paletteLut(p: Palette): Uint8Array {
  const hit = lutCache.get(p)
  if (hit) return hit
  const lut = new Uint8Array(256 * 3)
  const f = INTERPOLATORS[p]
  for (let i = 0; i < 256; i++) lut.set(parseColour(f(i / 255)), i * 3)
  lutCache.set(p, lut)
  return lut
}

export function cssColour(p: Palette, t: number): string {
  const lut = paletteLut(p)
  const i = Math.max(0, Math.min(255, Math.round(t * 255))) * 3
  return `rgb(${lut[i]}, ${lut[i + 1]}, ${lut[i + 2]})`
}

/** Maps v/vmax (0…1, clipped) to 0…1 under the scaling. */
export function scaleFn(s: Scaling): (x: number) => number {
  if (s === 'linear') return (x) => x
  if (s === 'sqrt') return Math.sqrt
  const k = 1000
  const d = Math.log1p(k)
  return (x) => Math.log1p(k * x) / d
}

/**
 * Positive cell values (long + short) from a strided sample of at most ~60k cells, sorted, so
 * percentiles stay fast on big grids.
 */
export function sortedSample(values: Float32Array, extra?: Float32Array): Float64Array {
  const n = values.length
  const stride = Math.max(1, Math.floor(n / 60_000))
  const sample: number[] = []
  for (let i = 0; i < n; i += stride) {
    const v = values[i] + (extra ? extra[i] : 0)
    if (v > 0) sample.push(v)
  }
  return Float64Array.from(sample).sort()
}

/** The p-th percentile (0…100) of a sorted sample (0 when empty). */
export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx]
}

/** The p-th percentile of the positive values of `values` (+ `extra`). */
export function percentile(values: Float32Array, p: number, extra?: Float32Array): number {
  return quantile(sortedSample(values, extra), p)
}
