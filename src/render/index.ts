/** Server-side rendering of the heatmap to PNG, and the colour palettes. @module */
export { PALETTES, paletteLut, type PaletteName } from './palette.ts'
export { SCALINGS, intensityScale, type Scaling } from './scale.ts'
export {
  renderHeatmapPng,
  renderHeatmapPngAsync,
  ESTIMATED_LABEL,
  type RenderOptions,
} from './png.ts'
export { formatUsd } from './format.ts'
