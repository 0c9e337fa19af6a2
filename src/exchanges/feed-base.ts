/**
 * One venue WebSocket connection with all resilience written once (template method): connect,
 * subscribe, heartbeat, per-stream stale detection, reconnect with capped jittered backoff,
 * proactive rotation before a venue's connection lifetime, duplicate dropping, book sequencing.
 * Venue feeds override hooks only: `url`, `subscribeMessages`, `heartbeat`, `maxLifetimeMs`,
 * `prepare` (async metadata before connecting), `onOpen`, `createBookSync`, `onBookGap`.
 * Every time read goes through the injected clock, checked on a real-time tick, so a test can
 * make 24 h pass by moving `now`.
 * This file holds the hooks and the reconnect loop; the parts live beside it: `feed-socket.ts`
 * (one connection), `feed-liveness.ts` (rotation, heartbeat, silence), `feed-streams.ts` (stream
 * trackers, routing, dedup), `feed-books.ts` (book sequencing), `feed-types.ts` (options).
 * @module
 */
import type WebSocket from 'ws'
import { backoffDelay } from './clock.ts'
import { FeedBooks } from './feed-books.ts'
import { Liveness } from './feed-liveness.ts'
import { FeedSocket, rawText, type Outcome } from './feed-socket.ts'
import { FeedStreams } from './feed-streams.ts'
import type { Feed, FeedOptions, Heartbeat } from './feed-types.ts'
import type { BookSync } from './orderbook.ts'
import type { StreamTracker } from './stream-status.ts'
import type { Channel, MappedItem, StreamStatus, VenueMapper } from './types.ts'

export type { Feed, FeedOptions, Heartbeat } from './feed-types.ts'

export abstract class FeedBase implements Feed {
  protected abstract readonly mapper: VenueMapper
  private readonly _streams: FeedStreams
  private readonly _books: FeedBooks
  private readonly _socket = new FeedSocket()
  private readonly _live = new Liveness()
  private readonly _out: MappedItem[] = []
  private _reconnects = 0
  private _malformed = 0
  private _note: string | undefined

  constructor(
    protected readonly opts: FeedOptions,
    served: readonly Channel[],
  ) {
    this._streams = new FeedStreams(opts, served)
    this._books = new FeedBooks(opts, {
      create: (symbol) => this.createBookSync(symbol),
      onGap: (symbol) => this.onBookGap(symbol),
    })
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
    return this._streams.serves(ch)
  }
  protected send(text: string): void {
    if (this._socket.send(text)) this._live.lastSent = this.opts.clock.now()
  }
  protected setNote(note: string | undefined): void {
    this._note = note
  }
  protected bookSync(symbol: string): BookSync | undefined {
    return this._books.sync(symbol)
  }
  protected emitBook(symbol: string, ts: number, localTs: number): void {
    this._books.emit(symbol, ts, localTs)
  }
  protected tracker(ch: Channel, symbol: string): StreamTracker | undefined {
    return this._streams.tracker(ch, symbol)
  }

  // ---- the loop ----------------------------------------------------------------------------
  statuses(): StreamStatus[] {
    return this._streams.statuses(this._reconnects, this._malformed, this._note)
  }

  async run(signal: AbortSignal): Promise<void> {
    await this._prepareWithRetry(signal)
    let attempt = 0
    while (!signal.aborted) {
      const r = await this._connectOnce(signal)
      if (signal.aborted) break
      this._streams.setState('connecting')
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
      this._books.reset()
      if (r.gotData) attempt = 0
      await this.opts.clock.sleep(
        r.immediate ? 0 : backoffDelay(attempt++, this.opts.backoff),
        signal,
      )
    }
    this._streams.setState('closed')
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

  private _connectOnce(signal: AbortSignal): Promise<Outcome> {
    const clock = this.opts.clock
    return this._socket.connect(this.url(), signal, {
      tickMs: this.opts.tickMs,
      onOpen: () => {
        this._live.opened(clock.now())
        this._streams.setState('open')
        for (const m of this.subscribeMessages()) this.send(m)
        this.onOpen()
      },
      onMessage: (data) => this._onMessage(data),
      onFrame: () => (this._live.lastRecv = clock.now()),
      onTick: () => this._tick(),
      onAbort: () => this.drop('aborted', false),
    })
  }

  /** Ends the current connection; the loop reconnects (at once when `immediate`). */
  protected drop(reason: string, immediate: boolean): void {
    this._socket.drop(reason, immediate)
  }

  private _tick(): void {
    const now = this.opts.clock.now()
    const rotation = this._live.rotation(now, this.maxLifetimeMs())
    if (rotation !== undefined) {
      this.drop(rotation, true)
      return
    }
    const hb = this.heartbeat()
    if (hb && this._live.heartbeatDue(now, hb)) {
      if (hb.message !== undefined) this.send(hb.message)
      else this._socket.ping()
    }
    const { timed, stale } = this._streams.checkStale(now, this._live.openedAt)
    const silence = this._live.silence(now, this.opts.staleAfterMs, hb)
    if (timed > 0 && stale === timed) this.drop('stale: no data on any stream', false)
    else if (silence !== undefined) this.drop(silence, false)
  }

  /** Returns true when the message carried data. */
  private _onMessage(data: WebSocket.RawData): boolean {
    const localTs = this.opts.clock.now()
    this._live.lastRecv = localTs
    const text = rawText(data)
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
      if (item.type === 'book_update')
        this._books.apply(item, this._streams.tracker('book', item.symbol))
      else this._streams.route(item)
    }
    return out.length > 0
  }
}
