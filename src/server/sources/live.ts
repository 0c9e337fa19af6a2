/**
 * The live source: backfills history from the venues' REST APIs, then streams bars, open
 * interest, funding, liquidations and books. Resolves to a reason string when no venue can be
 * reached or the exchange layer is not available.
 * @module
 */
import type { MarketSource } from '../source.ts'

export interface LiveOptions {
  readonly symbol?: string
}

export async function createLiveSource(_opts: LiveOptions): Promise<MarketSource | string> {
  try {
    const spec = '../../exchanges/registry.ts'
    const mod = (await import(spec)) as Record<string, unknown>
    if (typeof mod.createAdapter !== 'function') return 'the exchange registry has no createAdapter'
  } catch {
    return 'the exchange connectors are not available in this build'
  }
  return 'live streaming is not wired into the server yet'
}
