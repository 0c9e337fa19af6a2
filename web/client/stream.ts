/**
 * The `/api/stream` WebSocket client: subscribes to the current view and reconnects with backoff.
 * @module
 */
import { wsUrl } from '../app/token.ts'
import type { ClusterReport, Freshness } from './api.ts'

export interface ColumnMessage {
  readonly type: 'column'
  readonly symbol: string
  readonly time: number
  readonly barTs: number
  readonly closedAt: number
  readonly sentAt: number
  readonly candle: {
    time: number
    open: number
    high: number
    low: number
    close: number
    volume: number | null
  }
  readonly long: number[]
  readonly short: number[]
}

export type StreamMessage =
  | ColumnMessage
  | { type: 'price'; symbol: string; time: number; price: number; sentAt: number }
  | ({ type: 'clusters'; symbol: string } & ClusterReport)
  | { type: 'status'; symbol: string; freshness: Freshness; streams: unknown[] }
  | { type: 'hello' | 'subscribed' }
  | { type: 'error'; parameter?: string; reason: string }

export interface Subscription {
  readonly symbol: string
  readonly exchanges?: string
  readonly leverage?: string
  readonly halfLife?: number
  readonly tf: string
  readonly rows: number
  readonly priceMin: number
  readonly priceMax: number
}

export class StreamClient {
  private _ws: WebSocket | undefined
  private _sub: Subscription | undefined
  private _retry = 500
  private _closed = false
  /** True while the socket is open. */
  connected = false

  constructor(
    private readonly _onMessage: (m: StreamMessage) => void,
    private readonly _onState: (connected: boolean) => void,
  ) {
    this._connect()
  }

  subscribe(sub: Subscription): void {
    this._sub = sub
    this._send()
  }

  close(): void {
    this._closed = true
    this._ws?.close()
  }

  private _send(): void {
    if (this._ws?.readyState === WebSocket.OPEN && this._sub)
      this._ws.send(JSON.stringify({ type: 'subscribe', ...this._sub }))
  }

  private _connect(): void {
    const ws = new WebSocket(wsUrl('/api/stream'))
    this._ws = ws
    ws.onopen = () => {
      this._retry = 500
      this.connected = true
      this._onState(true)
      this._send()
    }
    ws.onmessage = (e) => {
      try {
        this._onMessage(JSON.parse(String(e.data)) as StreamMessage)
      } catch (err) {
        console.error('stream message', err)
      }
    }
    ws.onclose = () => {
      this.connected = false
      this._onState(false)
      if (this._closed) return
      setTimeout(() => this._connect(), this._retry)
      this._retry = Math.min(this._retry * 2, 15_000)
    }
  }
}
