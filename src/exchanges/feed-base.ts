/**
 * One venue WebSocket connection with all resilience written once (template method): connect,
 * subscribe, heartbeat, per-stream stale detection, reconnect with capped jittered backoff,
 * proactive rotation before a venue's connection lifetime, duplicate dropping, book sequencing.
 * Venue feeds override hooks only: `url`, `subscribeMessages`, `heartbeat`, `maxLifetimeMs`,
 * `prepare` (async metadata before connecting), `onOpen`, `createBookSync`, `onBookGap`.
 * Every time read goes through the injected clock, checked on a real-time tick, so a test can
 * make 24 h pass by moving `now`.
 * @module
 */
import WebSocket from 'ws'
import type { MarketEvent } from '../core/events.ts'
import type { Venue } from '../core/types.ts'
import { backoffDelay, type BackoffOptions, type Clock } from './clock.ts'
import type { Dedup } from './dedup.ts'
import type { BookSync } from './orderbook.ts'
import { DEFAULT_EXPECTED_MS, StreamTracker } from './stream-status.ts'
import type { BookUpdate, Channel, MappedItem, StreamStatus, VenueMapper } from './types.ts'

export interface FeedOptions {
  readonly venue: Venue
  readonly clock: Clock
  readonly emit: (e: MarketEvent) => void
  readonly dedup: Dedup
  readonly backoff: BackoffOptions
  /** Real-time period (ms) of the housekeeping tick (heartbeat, staleness, rotation). */
  readonly tickMs: number
  /** Overrides every channel's expected interval and the connection liveness limit. */
  readonly staleAfterMs?: number
  /** Levels per side in BookEvents. */
  readonly bookDepth: number
  /** Canonical symbols. */
  readonly symbols: readonly string[]
}

export interface Feed {
  run(signal: AbortSignal): Promise<void>
  statuses(): StreamStatus[]
}

export interface Heartbeat {
  /** `idle`: send when nothing was received for `intervalMs`; `fixed`: every `intervalMs`. */
  readonly mode: 'idle' | 'fixed'
  readonly intervalMs: number
  /** Text to send; undefined sends a WebSocket ping frame. */
  readonly message?: string
}

const CHANNEL_OF: Record<MarketEvent['type'], Channel | undefined> = {
  trade: 'trades',
  bar: 'bars',
  open_interest: 'open_interest',
  funding: 'funding',
  liquidation: 'liquidations',
  book: 'book',
  disconnect: undefined,
}

interface Outcome {
  readonly opened: boolean
  readonly gotData: boolean
  readonly reason: string
  readonly immediate: boolean
}

export abstract class FeedBase implements Feed {
  protected abstract readonly mapper: VenueMapper
  private readonly _trackers = new Map<Channel, Map<string, StreamTracker>>()
  private readonly _books = new Map<string, BookSync>()
  private readonly _out: MappedItem[] = []
  private _ws: WebSocket | undefined
  private _reconnects = 0
  private _malformed = 0
  private _note: string | undefined
  private _openedAt = 0
  private _lastRecv = 0
  private _lastSent = 0
  private _lastPing = 0
  private _closeReason: string | undefined
  private _closeImmediate = false
  private _bookGaps = 0

  constructor(
    protected readonly opts: FeedOptions,
    served: readonly Channel[],
  ) {
    for (const ch of served) {
      const m = new Map<string, StreamTracker>()
      const expected =
        DEFAULT_EXPECTED_MS[ch] === undefined
          ? undefined
          : (opts.staleAfterMs ?? DEFAULT_EXPECTED_MS[ch])
      for (const s of opts.symbols) m.set(s, new StreamTracker(opts.venue, ch, s, expected))
      this._trackers.set(ch, m)
    }
  }

  // ---- hooks -------------------------------------------------------------------------------
  protected abstract url(): string
  /** Text messages sent after every (re)connect. */
  protected subscribeMessages(): string[] {
    return []
  }
  protected heartbeat(): Heartbeat | undefined {
    return undefined
  }
  /** Rotate the connection after this long (ms); undefined = never. */
  protected maxLifetimeMs(): number | undefined {
    return undefined
  }
  /** Async metadata needed before connecting (retried with backoff until it succeeds). */
  protected async prepare(_signal: AbortSignal): Promise<void> {}
  /** Called once the connection is open and subscriptions are sent. */
  protected onOpen(): void {}
  protected createBookSync(_symbol: string): BookSync | undefined {
    return undefined
  }
  /** The book of `symbol` lost its sequence and was cleared: fetch a snapshot or resubscribe. */
  protected onBookGap(_symbol: string): void {}

  // ---- helpers for subclasses ---------------------------------------------------------------
  protected serves(ch: Channel): boolean {
    return this._trackers.has(ch)
  }
  protected send(text: string): void {
    if (this._ws?.readyState === WebSocket.OPEN) {
      this._ws.send(text)
      this._lastSent = this.opts.clock.now()
    }
  }
  protected setNote(note: string | undefined): void {
    this._note = note
  }
  protected bookSync(symbol: string): BookSync | undefined {
    let s = this._books.get(symbol)
    if (!s) {
      s = this.createBookSync(symbol)
      if (s) this._books.set(symbol, s)
    }
    return s
  }
  protected emitBook(symbol: string, ts: number, localTs: number): void {
    const sync = this._books.get(symbol)
    if (!sync) return
    const { bids, asks } = sync.book.top(this.opts.bookDepth)
    this.opts.emit({ type: 'book', venue: this.opts.venue, symbol, ts, localTs, bids, asks })
  }
  protected tracker(ch: Channel, symbol: string): StreamTracker | undefined {
    return this._trackers.get(ch)?.get(symbol)
  }

  // ---- the loop ----------------------------------------------------------------------------
  statuses(): StreamStatus[] {
    const out: StreamStatus[] = []
    for (const m of this._trackers.values()) {
      for (const t of m.values())
        out.push(t.snapshot(this._reconnects, this._malformed, this._note))
    }
    return out
  }

  async run(signal: AbortSignal): Promise<void> {
    await this._prepareWithRetry(signal)
    let attempt = 0
    while (!signal.aborted) {
      const r = await this._connectOnce(signal)
      if (signal.aborted) break
      this._setState('connecting')
      if (r.opened) {
        this._reconnects++
        this.opts.emit({
          type: 'disconnect',
          venue: this.opts.venue,
          localTs: this.opts.clock.now(),
          reason: r.reason,
        })
      }
      this._note = r.opened ? `last drop: ${r.reason}` : `connect failed: ${r.reason}`
      this.mapper.reset()
      for (const b of this._books.values()) b.reset()
      if (r.gotData) attempt = 0
      await this.opts.clock.sleep(
        r.immediate ? 0 : backoffDelay(attempt++, this.opts.backoff),
        signal,
      )
    }
    this._setState('closed')
  }

  private async _prepareWithRetry(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await this.prepare(signal)
        this._note = undefined
        return
      } catch (err) {
        this._note = `preparing: ${err instanceof Error ? err.message : String(err)}`
        await this.opts.clock.sleep(backoffDelay(attempt, this.opts.backoff), signal)
      }
    }
  }

  private _setState(state: StreamStatus['state']): void {
    for (const m of this._trackers.values()) for (const t of m.values()) t.state = state
  }

  private _connectOnce(signal: AbortSignal): Promise<Outcome> {
    const clock = this.opts.clock
    this._closeReason = undefined
    this._closeImmediate = false
    return new Promise((resolve) => {
      let opened = false
      let gotData = false
      let error: string | undefined
      let tick: NodeJS.Timeout | undefined
      const ws = new WebSocket(this.url(), { handshakeTimeout: 15_000 })
      this._ws = ws
      const onAbort = (): void => this.drop('aborted', false)
      signal.addEventListener('abort', onAbort, { once: true })
      ws.on('open', () => {
        opened = true
        const now = clock.now()
        this._openedAt = this._lastRecv = this._lastSent = this._lastPing = now
        this._setState('open')
        for (const m of this.subscribeMessages()) this.send(m)
        this.onOpen()
        tick = setInterval(() => this._tick(), this.opts.tickMs)
      })
      ws.on('message', (data: WebSocket.RawData) => {
        if (this._onMessage(data)) gotData = true
      })
      ws.on('ping', () => (this._lastRecv = clock.now()))
      ws.on('pong', () => (this._lastRecv = clock.now()))
      ws.on('error', (err: Error) => (error ??= err.message))
      ws.on('close', (code: number, why: Buffer) => {
        if (tick) clearInterval(tick)
        signal.removeEventListener('abort', onAbort)
        this._ws = undefined
        const text = why.length > 0 ? ` ${why.toString()}` : ''
        const reason = this._closeReason ?? error ?? `closed by venue (code ${code}${text})`
        resolve({ opened, gotData, reason, immediate: this._closeImmediate })
      })
    })
  }

  /** Ends the current connection; the loop reconnects (at once when `immediate`). */
  protected drop(reason: string, immediate: boolean): void {
    if (!this._ws) return
    this._closeReason ??= reason
    this._closeImmediate = immediate
    this._ws.terminate()
  }

  private _tick(): void {
    const now = this.opts.clock.now()
    const life = this.maxLifetimeMs()
    if (life !== undefined && now - this._openedAt >= life) {
      this.drop(
        `rotation after ${Math.round((now - this._openedAt) / 60_000)} min (venue limit 24 h)`,
        true,
      )
      return
    }
    const hb = this.heartbeat()
    if (hb) {
      const ref = hb.mode === 'idle' ? Math.max(this._lastRecv, this._lastPing) : this._lastPing
      if (now - ref >= hb.intervalMs) {
        this._lastPing = now
        if (hb.message !== undefined) this.send(hb.message)
        else if (this._ws?.readyState === WebSocket.OPEN) this._ws.ping()
      }
    }
    let timed = 0
    let stale = 0
    for (const m of this._trackers.values()) {
      for (const t of m.values()) {
        if (t.expectedMs === undefined) continue
        timed++
        if (t.checkStale(now, this._openedAt)) stale++
      }
    }
    // Liveness: any frame (data, pong, ping). Never shorter than two heartbeat periods.
    const deadMs = Math.max(this.opts.staleAfterMs ?? 90_000, hb ? 2 * hb.intervalMs : 0)
    if (timed > 0 && stale === timed) this.drop('stale: no data on any stream', false)
    else if (now - this._lastRecv > deadMs)
      this.drop(`stale: nothing received for ${now - this._lastRecv} ms`, false)
  }

  /** Returns true when the message carried data. */
  private _onMessage(data: WebSocket.RawData): boolean {
    const localTs = this.opts.clock.now()
    this._lastRecv = localTs
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8')
    const out = this._out
    out.length = 0
    let r
    try {
      r = this.mapper.map(text, localTs, out)
    } catch {
      r = 'malformed' as const
    }
    if (r === 'malformed') this._malformed++
    else if (r === 'error') this._note = `venue error: ${this.mapper.lastError ?? 'unknown'}`
    for (const item of out) {
      if (item.type === 'book_update') this._onBook(item)
      else this._route(item)
    }
    return out.length > 0
  }

  private _route(e: MarketEvent): void {
    const ch = CHANNEL_OF[e.type]
    if (ch === undefined || e.type === 'disconnect') return
    const t = this._trackers.get(ch)?.get(e.symbol)
    if (!t) return
    t.onMessage(e.localTs)
    if (this.opts.dedup.seen(e)) {
      t.duplicates++
      return
    }
    this.opts.emit(e)
  }

  private _onBook(u: BookUpdate): void {
    const t = this._trackers.get('book')?.get(u.symbol)
    const sync = t ? this.bookSync(u.symbol) : undefined
    if (!t || !sync) return
    t.onMessage(u.localTs)
    const r = sync.apply(u)
    if (r === 'applied') this.emitBook(u.symbol, u.ts, u.localTs)
    else if (r === 'gap') {
      this._bookGaps++
      t.note = `book resynced ${this._bookGaps}×`
      this.onBookGap(u.symbol)
    } else if (r === 'dropped') t.duplicates++
  }
}
