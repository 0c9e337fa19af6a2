/**
 * The entry: reads the view from the URL and sends the heatmap request at once, while the chart
 * code (lightweight-charts and the UI, a separate chunk) is still loading.
 * @module
 */
import { boot } from './app/boot-state.ts'
import { heatmapParams, initialView } from './app/request.ts'
import './app/token.ts' // keeps ?token= before main.ts rewrites the URL
import { getHeatmap } from './client/api.ts'
import './styles.css'

const initial = initialView(location.search, window.matchMedia('(max-width: 700px)').matches)
const params = heatmapParams(initial)
const result = getHeatmap(params)
result.catch(() => undefined) // main.ts reports failures
boot.initial = initial
boot.prefetch = { key: JSON.stringify(params), result }
void import('./main.ts')
