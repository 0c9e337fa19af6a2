/**
 * What the routes share: the market hub, the running models, the heatmap cache, the source's
 * status and the template store, plus the freshness rule every response reports.
 * @module
 */
import type { UtcMs } from '../core/types.ts'
import type { HeatmapService } from './heatmap-service.ts'
import type { MarketHub, SymbolMarket } from './market-hub.ts'
import type { ModelRunners } from './model-runner.ts'
import type { MarketSource } from './source.ts'
import type { TemplateStore } from './templates-store.ts'
import { dataEnd } from './view.ts'

export type SourceInfo = Pick<
  MarketSource,
  'kind' | 'description' | 'status' | 'expectedIntervalMs'
>

export interface ServerContext {
  readonly hub: MarketHub
  readonly runners: ModelRunners
  readonly heatmaps: HeatmapService
  readonly source: SourceInfo
  readonly templates: TemplateStore
  readonly version: string
  readonly now: () => UtcMs
}

/** How old the data behind a response is; every data response carries one. */
export interface Freshness {
  /** Close time of the newest bar (data time). */
  readonly asOf: UtcMs
  /** Wall-clock ms since the source last delivered anything for the symbol. */
  readonly ageMs: number
  /** Past this age the data is stale (a few expected intervals, at least 10 s). */
  readonly staleAfterMs: number
  readonly stale: boolean
  /** Why it is stale, in words, when it is. */
  readonly reason?: string
}

export function staleAfterMs(source: SourceInfo): number {
  return Math.max(10_000, 3 * source.expectedIntervalMs)
}

export function freshness(ctx: ServerContext, m: SymbolMarket): Freshness {
  const ageMs = Math.max(0, ctx.now() - m.lastUpdateAt)
  const limit = staleAfterMs(ctx.source)
  const ended = ctx.source
    .status()
    .some((s) => s.state === 'ended' && (s.symbol === undefined || s.symbol === m.symbol))
  const stale = ended || ageMs > limit
  const reason = ended
    ? 'the replay reached the end of its files; data is frozen'
    : ageMs > limit
      ? `no update for ${Math.round(ageMs / 1000)} s (expected every ${Math.round(ctx.source.expectedIntervalMs / 1000)} s)`
      : undefined
  return { asOf: dataEnd(m), ageMs, staleAfterMs: limit, stale, ...(reason ? { reason } : {}) }
}
