/**
 * The page's side of the alerts API (see docs/workflow.md § Alerts): rules, the history, and the
 * `/api/alerts/stream` WebSocket, which resumes from the last event this browser saw (its id is
 * kept in localStorage) after a reconnect or a reload.
 * @module
 */
import { wsUrl } from '../app/token.ts'
import { getJson, sendJson } from './api.ts'

/** A cluster as an alert target: prices USD, `side` long = below price, short = above. */
export interface ClusterTarget {
  readonly side: 'long' | 'short'
  readonly priceLow: number
  readonly priceHigh: number
  readonly peakPrice: number
  /** Estimated USD when the rule was made. */
  readonly notionalUsd?: number
}

/** A rule as the API returns it (secrets replaced by `secretSet`/`botTokenSet`). */
export interface AlertRule {
  readonly id: string
  readonly symbol: string
  readonly kind: 'near' | 'swept' | 'fresh' | 'asymmetry' | 'stale'
  readonly name?: string
  readonly enabled: boolean
  readonly once: boolean
  readonly side?: 'long' | 'short' | 'any'
  readonly minUsd?: number
  readonly withinPct?: number
  readonly withinUsd?: number
  readonly target?: ClusterTarget
  readonly channels: {
    readonly page: boolean
    readonly webhook?: { url: string }
    readonly telegram?: { chatId: string }
  }
  readonly createdAt: number
}

export interface Delivery {
  readonly id: number
  readonly channel: 'webhook' | 'telegram'
  readonly destination: string
  readonly status: 'pending' | 'delivered' | 'failed'
  readonly attempts: number
  readonly lastError?: string
  readonly deliveredAt?: number
}

export interface AlertEvent {
  readonly id: number
  readonly ruleId: string
  readonly symbol: string
  readonly kind: AlertRule['kind']
  /** Data time of the observation (bar close). */
  readonly at: number
  readonly price: number
  readonly message: string
  readonly status: 'fired' | 'suppressed'
  readonly cluster?: ClusterTarget
  readonly createdAt: number
  /** Webhook / Telegram deliveries (the page channel has none: the stream and this list are it). */
  readonly deliveries?: readonly Delivery[]
}

export interface AlertMessage {
  readonly type: 'alert'
  readonly replay?: boolean
  readonly event: AlertEvent
  readonly rule: { id: string; name: string | null; kind: string } | null
}

/** The body of `POST /api/alerts` for the page's one-click rules. */
export type NewRule =
  | {
      symbol: string
      kind: 'swept'
      name: string
      once: true
      target: ClusterTarget
      channels: { page: true }
    }
  | {
      symbol: string
      kind: 'near'
      name: string
      side: 'long' | 'short'
      withinPct: number
      minUsd: number
      channels: { page: true }
    }

export async function listRules(): Promise<AlertRule[]> {
  return (await getJson<{ rules: AlertRule[] }>('/api/alerts')).rules
}

export async function createRule(rule: NewRule): Promise<AlertRule> {
  const r = await sendJson<{ rule: AlertRule }>('POST', '/api/alerts', rule)
  if (!r) throw new Error('the server sent no rule back')
  return r.rule
}

export async function setRuleEnabled(id: string, enabled: boolean): Promise<AlertRule> {
  const r = await sendJson<{ rule: AlertRule }>('PATCH', `/api/alerts/${encodeURIComponent(id)}`, {
    enabled,
  })
  if (!r) throw new Error('the server sent no rule back')
  return r.rule
}

export async function deleteRule(id: string): Promise<void> {
  await sendJson<never>('DELETE', `/api/alerts/${encodeURIComponent(id)}`)
}

export async function alertHistory(limit = 50): Promise<AlertEvent[]> {
  return (await getJson<{ events: AlertEvent[] }>('/api/alerts/events', { limit })).events
}

const LAST_KEY = 'liqheat.alerts.lastEventId'

/** The id of the last alert event this browser has seen; undefined = never connected. */
export function lastSeenEventId(): number | undefined {
  try {
    const raw = localStorage.getItem(LAST_KEY)
    const v = Number(raw)
    return raw !== null && Number.isInteger(v) && v >= 0 ? v : undefined
  } catch {
    return undefined
  }
}

function remember(id: number): void {
  try {
    localStorage.setItem(LAST_KEY, String(id))
  } catch {
    // private mode: resume only within this page's life
  }
}

/**
 * The alert WebSocket: on connect the server says hello with its last event id; the client then
 * asks to resume from the last id it saw, so alerts fired while it was away (a reconnect, a
 * reload) arrive too, each once. A first visit starts from the server's current id (no backlog).
 */
export class AlertStream {
  private _ws: WebSocket | undefined
  private _retry = 1000
  private _closed = false
  private _last: number | undefined = lastSeenEventId()

  constructor(
    private readonly _onAlert: (m: AlertMessage) => void,
    private readonly _onError: (reason: string) => void = () => undefined,
  ) {
    this._connect()
  }

  close(): void {
    this._closed = true
    this._ws?.close()
  }

  private _connect(): void {
    const ws = new WebSocket(wsUrl('/api/alerts/stream'))
    this._ws = ws
    ws.onmessage = (e) => {
      let m: Partial<Omit<AlertMessage, 'type'>> & {
        type?: string
        lastEventId?: number
        reason?: string
      }
      try {
        m = JSON.parse(String(e.data)) as typeof m
      } catch {
        return
      }
      if (m.type === 'hello') {
        this._retry = 1000
        const serverLast = typeof m.lastEventId === 'number' ? m.lastEventId : 0
        if (this._last === undefined || this._last > serverLast) {
          // first visit, or a server whose database was replaced: start from now
          this._last = serverLast
          remember(serverLast)
        } else if (this._last < serverLast)
          ws.send(JSON.stringify({ type: 'resume', since: this._last }))
      } else if (m.type === 'alert' && m.event) {
        if (this._last !== undefined && m.event.id <= this._last) return
        this._last = m.event.id
        remember(m.event.id)
        this._onAlert(m as AlertMessage)
      } else if (m.type === 'error') this._onError(m.reason ?? 'alert stream error')
    }
    ws.onclose = () => {
      if (this._closed) return
      setTimeout(() => this._connect(), this._retry)
      this._retry = Math.min(this._retry * 2, 30_000)
    }
  }
}
