/**
 * The demo source: the simulated market of `src/sim/` (SIMULATED data, and labelled so), with a
 * generated history and then one new bar every bar-interval ÷ `speed` of wall time (the same
 * speed rule and 20 ms floor as a replay).
 * @module
 */
import { isoUtc } from '../../core/time.ts'
import { VENUES } from '../../core/types.ts'
import { createDemoSource } from '../../sim/index.ts'
import type { MarketSource, SourceSink, StreamStatus } from '../source.ts'
import { barIntervalMs, DEFAULT_REPLAY_SPEED } from './replay.ts'

export interface DemoOptions {
  readonly speed?: number
  readonly seed?: number | string
  /** Days of simulated history before the first live bar (default 30). */
  readonly lookbackDays?: number
  readonly log?: (line: string) => void
}

const TF = '5m'
const TF_MS = 300_000

export function createDemoMarketSource(opts: DemoOptions = {}): MarketSource {
  const speed = opts.speed ?? DEFAULT_REPLAY_SPEED
  const interval = barIntervalMs(TF_MS, speed)
  let status: StreamStatus = { name: 'simulator', state: 'connecting', detail: 'SIMULATED' }
  return {
    kind: 'demo',
    description: `SIMULATED market (src/sim, seed ${String(opts.seed ?? 1)}) — a ${TF} bar every ${(interval / 1000).toFixed(1)} s`,
    expectedIntervalMs: interval,
    status: () => [status],
    async start(sink: SourceSink, signal: AbortSignal): Promise<void> {
      const sim = createDemoSource({
        seed: opts.seed ?? 1,
        tf: TF,
        lookbackDays: opts.lookbackDays ?? 30,
      })
      sink.loadHistory(sim.history, { venues: [...VENUES] })
      const last = sim.history.bars[sim.history.bars.length - 1]
      opts.log?.(
        `demo: SIMULATED ${sim.symbol} ${TF}, ${sim.history.bars.length} bars of history up to ${last ? isoUtc(last.ts + TF_MS) : '—'}; ` +
          `a new bar every ${interval} ms`,
      )
      status = {
        name: 'simulator',
        symbol: sim.symbol,
        state: 'open',
        lastEventAt: Date.now(),
        detail: 'SIMULATED',
      }
      const t0 = Date.now()
      let n = 0
      const tick = (): void => {
        if (signal.aborted) return
        const t = sim.next()
        sink.openInterest(sim.symbol, t.oi)
        if (t.funding) sink.funding(sim.symbol, t.funding)
        for (const e of t.liquidations) sink.liquidation(sim.symbol, e)
        status = { ...status, lastEventAt: Date.now(), lastDataTs: t.bar.ts + TF_MS }
        sink.bar(sim.symbol, t.bar, true)
        n++
        setTimeout(tick, Math.max(0, t0 + (n + 1) * interval - Date.now())).unref()
      }
      setTimeout(tick, interval).unref()
    },
  }
}
