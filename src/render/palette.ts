/**
 * Colour palettes for the heatmap: 256-entry RGB lookup tables built from d3-scale-chromatic's
 * perceptual colormaps. Index 0 is the colour of the lowest intensity, 255 of the highest.
 * Pure (no I/O), so the browser can share it.
 * @module
 */
import {
  interpolateInferno,
  interpolateMagma,
  interpolateTurbo,
  interpolateViridis,
} from 'd3-scale-chromatic'
import { UsageError } from '../core/errors.ts'

export type PaletteName = 'viridis' | 'inferno' | 'magma' | 'turbo' | 'greyscale'

export const PALETTES: readonly PaletteName[] = [
  'viridis',
  'inferno',
  'magma',
  'turbo',
  'greyscale',
]

/** Number of entries in a lookup table; the table holds `LUT_SIZE × 3` bytes (R, G, B). */
export const LUT_SIZE = 256

const INTERPOLATORS: Record<PaletteName, (t: number) => string> = {
  viridis: interpolateViridis,
  inferno: interpolateInferno,
  magma: interpolateMagma,
  turbo: interpolateTurbo,
  // Black → white; d3's interpolateGreys runs white → black and is not quite black at its end.
  greyscale: (t) => {
    const v = Math.round(Math.min(1, Math.max(0, t)) * 255)
    return `rgb(${v}, ${v}, ${v})`
  },
}

const cache = new Map<PaletteName, Uint8Array>()

export function isPaletteName(name: string): name is PaletteName {
  return (PALETTES as readonly string[]).includes(name)
}

/** Parses the two colour forms d3 emits: `#rrggbb` and `rgb(r, g, b)`. */
export function parseCssColour(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css)
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)]
  const rgb = /^rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\s*\)$/.exec(css)
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])]
  throw new Error(`internal: unexpected colour '${css}' from d3-scale-chromatic`)
}

/**
 * The palette as a 256 × RGB lookup table (768 bytes: entry i at bytes 3i..3i+2).
 * Returns a fresh copy each call, so callers may modify it.
 */
export function paletteLut(name: PaletteName): Uint8Array {
  let lut = cache.get(name)
  if (!lut) {
    const interpolate = INTERPOLATORS[name]
    if (!interpolate) {
      const list = PALETTES.join(', ')
      throw new UsageError(
        `--palette: unknown palette '${String(name)}' (one of ${list})`,
        '--palette',
      )
    }
    lut = new Uint8Array(LUT_SIZE * 3)
    for (let i = 0; i < LUT_SIZE; i++) {
      const [r, g, b] = parseCssColour(interpolate(i / (LUT_SIZE - 1)))
      lut[i * 3] = r
      lut[i * 3 + 1] = g
      lut[i * 3 + 2] = b
    }
    cache.set(name, lut)
  }
  return new Uint8Array(lut)
}
