/**
 * One WebSocket connection attempt of a feed (`ws`): open it, wire its events to the feed, run the
 * housekeeping tick while it is open, and resolve with how it ended once it closes. `drop` ends
 * it early with a reason (the feed then reconnects, at once when `immediate`).
 * @module
 */
import WebSocket from 'ws'

/** How a connection attempt ended. */
export interface Outcome {
  readonly opened: boolean
  readonly gotData: boolean
  readonly reason: string
  readonly immediate: boolean
}

/** What the socket calls back into the feed. */
export interface SocketHandlers {
  /** Real-time period (ms) of `onTick` while the connection is open. */
  readonly tickMs: number
  onOpen(): void
  /** Returns true when the message carried data. */
  onMessage(data: WebSocket.RawData): boolean
  /** A ping or pong frame arrived. */
  onFrame(): void
  onTick(): void
  onAbort(): void
}

export class FeedSocket {
  private _ws: WebSocket | undefined
  private _closeReason: string | undefined
  private _closeImmediate = false

  /** Sends `text` when the connection is open; true when sent. */
  send(text: string): boolean {
    if (this._ws?.readyState !== WebSocket.OPEN) return false
    this._ws.send(text)
    return true
  }

  /** Sends a WebSocket ping frame when the connection is open. */
  ping(): void {
    if (this._ws?.readyState === WebSocket.OPEN) this._ws.ping()
  }

  /** Ends the current connection, if any; the first reason given wins. */
  drop(reason: string, immediate: boolean): void {
    if (!this._ws) return
    this._closeReason ??= reason
    this._closeImmediate = immediate
    this._ws.terminate()
  }

  connect(url: string, signal: AbortSignal, h: SocketHandlers): Promise<Outcome> {
    this._closeReason = undefined
    this._closeImmediate = false
    return new Promise((resolve) => {
      let opened = false
      let gotData = false
      let error: string | undefined
      let tick: NodeJS.Timeout | undefined
      const ws = new WebSocket(url, { handshakeTimeout: 15_000 })
      this._ws = ws
      const onAbort = (): void => h.onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      ws.on('open', () => {
        opened = true
        h.onOpen()
        tick = setInterval(() => h.onTick(), h.tickMs)
      })
      ws.on('message', (data: WebSocket.RawData) => {
        if (h.onMessage(data)) gotData = true
      })
      ws.on('ping', () => h.onFrame())
      ws.on('pong', () => h.onFrame())
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
}

/** The UTF-8 text of a received message. */
export function rawText(data: WebSocket.RawData): string {
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8')
}
