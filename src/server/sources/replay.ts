/**
 * The replay source: loads a data folder (the same files the CLI reads) and plays it as if live.
 * Everything before the start point is loaded at once as history; the rest is delivered bar by
 * bar. `speed` N means N× real time relative to the bar interval: at N = 60, 5-minute bars close
 * every 5 s; bars never come faster than one per 20 ms (the floor), whatever N is.
 * Open interest, funding and liquidations are delivered when the replay clock passes their time.
 * @module
 */
import { UsageError } from '../../core/errors.ts'
import { isoUtc, msToTimeframe } from '../../core/time.ts'
import type { Bar, MarketData, UtcMs } from '../../core/types.ts'
import { loadDataDir } from '../../data/index.ts'
import { lowerBound } from '../../core/bisect.ts'
import type { MarketSource, SourceSink, StreamStatus } from '../source.ts'

export const DEFAULT_REPLAY_SPEED = 60
/** Bars are never delivered faster than one per this many ms. */
export const MIN_BAR_INTERVAL_MS = 20
/** By default the last 3 days are played (or the second half of a shorter file). */
const DEFAULT_PLAY_MS = 3 * 86_400_000

export interface ReplayOptions {
  readonly dir: string
  /** N× real time (default 60). */
  readonly speed?: number
  readonly symbol?: string
  /** Replay clock start: bars opening before it are history. Default: 3 days before the end. */
  readonly startAt?: UtcMs
  readonly lenient?: boolean
  /** Called once with a line describing what was loaded. */
  readonly log?: (line: string) => void
}

/** Wall-clock ms between bars at `speed` for a timeframe (with the floor). */
export function barIntervalMs(timeframeMs: number, speed: number): number {
  return Math.max(MIN_BAR_INTERVAL_MS, timeframeMs / speed)
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const t = setTimeout(done, Math.max(0, ms))
    function done(): void {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export function createReplaySource(opts: ReplayOptions): MarketSource {
  const speed = opts.speed ?? DEFAULT_REPLAY_SPEED
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new UsageError(`--speed: ${speed} is not a positive number`, '--speed')
  let status: StreamStatus = { name: `replay ${opts.dir}`, state: 'connecting' }
  let interval = barIntervalMs(300_000, speed)

  const source: MarketSource = {
    kind: 'replay',
    get description() {
      return `replay of ${opts.dir} at ${speed}× (a bar every ${(interval / 1000).toFixed(interval < 1000 ? 2 : 1)} s)`
    },
    get expectedIntervalMs() {
      return interval
    },
    status: () => [status],
    async start(sink: SourceSink, signal: AbortSignal): Promise<void> {
      const data = await loadDataDir(opts.dir, {
        ...(opts.symbol ? { symbol: opts.symbol } : {}),
        ...(opts.lenient ? { lenient: true } : {}),
      })
      if (data.bars.length < 2)
        throw new UsageError(`--data: ${opts.dir} holds fewer than 2 bars`, '--data')
      interval = barIntervalMs(data.timeframeMs, speed)
      const first = data.bars[0].ts
      const end = data.bars[data.bars.length - 1].ts + data.timeframeMs
      const startAt = opts.startAt ?? Math.max(end - DEFAULT_PLAY_MS, first + (end - first) / 2)
      if (startAt <= first || startAt >= end)
        throw new UsageError(
          `--replay-from: ${isoUtc(startAt)} is outside the data (${isoUtc(first)} → ${isoUtc(end)})`,
          '--replay-from',
        )
      const split = lowerBound(data.bars, startAt)
      const history: MarketData = {
        ...data,
        bars: data.bars.slice(0, split),
        openInterest: data.openInterest.filter((p) => p.ts < startAt),
        funding: data.funding.filter((p) => p.ts < startAt),
        liquidationEvents: data.liquidationEvents.filter((e) => e.ts < startAt),
        liquidationBars: data.liquidationBars.filter((e) => e.ts < startAt),
      }
      sink.loadHistory(history, { venues: ['binance'] })
      const name = `replay ${data.symbol}`
      const total = data.bars.length - split
      status = {
        name,
        symbol: data.symbol,
        state: 'open',
        lastEventAt: Date.now(),
        lastDataTs: startAt,
        detail: `0/${total} bars played`,
      }
      opts.log?.(
        `replay: ${data.symbol} ${msToTimeframe(data.timeframeMs)} from ${opts.dir}: ${split} bars of history ` +
          `(${isoUtc(first)} → ${isoUtc(startAt)}), ${total} to play at ${speed}× (one every ${interval} ms)`,
      )
      void play(sink, signal, data, split, name)
    },
  }

  async function play(
    sink: SourceSink,
    signal: AbortSignal,
    data: MarketData,
    split: number,
    name: string,
  ): Promise<void> {
    const tf = data.timeframeMs
    const cursors = { oi: 0, funding: 0, liq: 0 }
    const startAt = data.bars[split]?.ts ?? 0
    cursors.oi = lowerBound(data.openInterest, startAt)
    cursors.funding = lowerBound(data.funding, startAt)
    cursors.liq = lowerBound(data.liquidationEvents, startAt)
    const t0 = Date.now()
    for (let i = split; i < data.bars.length; i++) {
      await sleep(t0 + (i - split + 1) * interval - Date.now(), signal)
      if (signal.aborted) return
      const bar: Bar = data.bars[i]
      const close = bar.ts + tf
      while (cursors.oi < data.openInterest.length && data.openInterest[cursors.oi].ts <= close)
        sink.openInterest(data.symbol, data.openInterest[cursors.oi++])
      while (cursors.funding < data.funding.length && data.funding[cursors.funding].ts < close)
        sink.funding(data.symbol, data.funding[cursors.funding++])
      while (
        cursors.liq < data.liquidationEvents.length &&
        data.liquidationEvents[cursors.liq].ts < close
      )
        sink.liquidation(data.symbol, data.liquidationEvents[cursors.liq++])
      status = {
        name,
        symbol: data.symbol,
        state: 'open',
        lastEventAt: Date.now(),
        lastDataTs: close,
        detail: `${i - split + 1}/${data.bars.length - split} bars played`,
      }
      sink.bar(data.symbol, bar, true)
    }
    status = { ...status, state: 'ended', detail: `all ${data.bars.length - split} bars played` }
  }

  return source
}
