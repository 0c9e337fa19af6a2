/** Hand-over from `boot.ts` to `main.ts`: the initial view and the heatmap request already sent. @module */
import type { HeatmapResult } from '../client/api.ts'
import type { ViewState } from './state.ts'

export interface Prefetch {
  /** JSON of the request's parameters. */
  readonly key: string
  readonly result: Promise<HeatmapResult>
}

export const boot: { initial?: ViewState; prefetch?: Prefetch } = {}
