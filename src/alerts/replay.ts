/**
 * Runs the stored alert rules over recorded market data, bar by bar, as if it were live: the model
 * is rebuilt from the first bar (deterministic), rules skip the bars they already saw, and the
 * dispatcher delivers while the replay runs. Killed and started again on the same database, a
 * replay resumes where it stopped: no event is recorded twice and the outbox finishes its work.
 * @module
 */
import { isoUtc } from '../core/time.ts'
import type { MarketData, UtcMs } from '../core/types.ts'
import { LiquidationModel, toModelBars, type ModelParams } from '../model/index.ts'
import type { Dispatcher } from './dispatcher.ts'
import type { AlertEngine } from './engine.ts'
import { LaggedModels, marketSnapshot } from './snapshot.ts'
import type { AlertEvent } from './types.ts'

export interface ReplayOptions {
  readonly data: MarketData
  readonly engine: AlertEngine
  readonly dispatcher?: Dispatcher
  /** Rules are evaluated on bars at or after this time; earlier bars warm the model up. */
  readonly from?: UtcMs
  /** Wait between evaluated bars, ms (0 = as fast as possible). */
  readonly paceMs?: number
  readonly params?: Partial<ModelParams>
  readonly log?: (line: string) => void
  readonly signal?: AbortSignal
}

export interface ReplayResult {
  readonly bars: number
  /** Bars at least one rule evaluated (bars every rule had already seen are skipped). */
  readonly evaluated: number
  readonly events: readonly AlertEvent[]
}

export async function replayAlerts(o: ReplayOptions): Promise<ReplayResult> {
  const bars = toModelBars(o.data)
  const model = new LiquidationModel(o.params)
  const lagged = new LaggedModels(o.params)
  const log = o.log ?? (() => {})
  const events: AlertEvent[] = []
  let evaluated = 0
  for (let i = 0; i < bars.length; i++) {
    if (o.signal?.aborted) break
    model.append(bars[i])
    if (o.from !== undefined && bars[i].ts < o.from) continue
    const s = marketSnapshot({
      symbol: o.data.symbol,
      tfMs: o.data.timeframeMs,
      bars,
      index: i,
      model,
      lagged,
    })
    const before = o.engine.evaluations
    const created = o.engine.observe(s)
    if (o.engine.evaluations > before) evaluated++
    for (const e of created) {
      log(`event ${e.status} ${e.kind} ${e.key} ${isoUtc(e.at)} ${e.message}`)
      events.push(e)
    }
    if (created.length > 0) o.dispatcher?.kick()
    if (o.paceMs) await new Promise((r) => setTimeout(r, o.paceMs))
  }
  return { bars: bars.length, evaluated, events }
}
