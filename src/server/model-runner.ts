/**
 * Running models: one `LiquidationModel` per (symbol, model parameters), fed incrementally with
 * `append` as bars close, so the clusters, the map and the live heatmap columns cost a query, not a
 * rebuild. A few parameter sets are kept per symbol (least recently used dropped).
 * @module
 */
import { setBounded } from '../core/bisect.ts'
import { LiquidationModel, type ModelParams } from '../model/index.ts'
import type { MarketHub, SymbolMarket } from './market-hub.ts'

interface Runner {
  readonly model: LiquidationModel
  readonly generation: number
  /** How many of the market's model bars were appended. */
  appended: number
  /** Bars dropped from the front of the market since this runner started (re-bases `appended`). */
  firstTs: number
}

const MAX_RUNNERS_PER_SYMBOL = 4

/** A stable key for a parameter override (undefined = the defaults). */
export function paramsKey(params: Partial<ModelParams> | undefined): string {
  return params ? JSON.stringify(params, Object.keys(params).sort()) : 'default'
}

export class ModelRunners {
  private readonly _runners = new Map<string, Map<string, Runner>>()

  constructor(private readonly _hub: MarketHub) {}

  /** The model for `symbol` with `params`, caught up with every closed bar. */
  get(market: SymbolMarket, params?: Partial<ModelParams>): LiquidationModel {
    let perSymbol = this._runners.get(market.symbol)
    if (!perSymbol) {
      perSymbol = new Map()
      this._runners.set(market.symbol, perSymbol)
    }
    const key = paramsKey(params)
    let runner = perSymbol.get(key)
    const first = market.bars[0]?.ts ?? 0
    if (!runner || runner.generation !== market.generation || runner.firstTs !== first) {
      runner = {
        model: new LiquidationModel(params),
        generation: market.generation,
        appended: 0,
        firstTs: first,
      }
    }
    perSymbol.delete(key) // most recently used last
    setBounded(perSymbol, key, runner, MAX_RUNNERS_PER_SYMBOL)
    const bars = market.modelBars
    runner.model.appendHistory(bars, runner.appended)
    runner.appended = bars.length
    return runner.model
  }

  /** Catches every runner of `symbol` up (called when a bar closes, before notifying clients). */
  advance(symbol: string): void {
    const market = this._hub.get(symbol)
    const perSymbol = this._runners.get(symbol)
    if (!market || !perSymbol) return
    for (const [key, runner] of perSymbol) {
      if (runner.generation !== market.generation) {
        perSymbol.delete(key)
        continue
      }
      const bars = market.modelBars
      runner.model.appendHistory(bars, runner.appended)
      runner.appended = bars.length
    }
  }
}
