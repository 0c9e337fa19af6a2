/**
 * The harness under every fake venue: one node:http server on 127.0.0.1 (port 0) serving REST
 * routes, with a `ws` WebSocketServer on the same port. Scriptable: answer the next N REST
 * requests with a rate-limit status, push text frames to connected sockets, drop every socket
 * mid-stream, ping clients, and inspect what clients sent. No network beyond loopback.
 * @module
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'

export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly body: unknown
}

export interface FakeResponse {
  readonly status?: number
  readonly headers?: Record<string, string>
  /** Sent as JSON unless it is a string. */
  readonly body: unknown
}

export interface FakeSocket {
  readonly ws: WebSocket
  /** Request path with query, e.g. `/market/stream?streams=btcusdt@aggTrade`. */
  readonly url: string
  /** Text messages the client sent. */
  readonly received: string[]
}

export interface FakeHandlers {
  rest(req: FakeRequest): FakeResponse | undefined
  /** Called for each text message a client sends; return frames to answer with. */
  onMessage?(sock: FakeSocket, text: string): string[]
  /** Refuse a WebSocket path (close 1008) when this answers false. */
  acceptsPath?(url: string): boolean
}

/** Reads a fixture file: `.ndjson` → one raw line per message; `.json` → parsed value. */
export function fixtureLines(path: string | URL): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
}
export function fixtureJson(path: string | URL): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export class FakeServer {
  readonly requests: FakeRequest[] = []
  readonly sockets: FakeSocket[] = []
  /** Every WebSocket connection accepted so far. */
  connections = 0
  private readonly _http: http.Server
  private readonly _wss = new WebSocketServer({ noServer: true })
  private readonly _limits: FakeResponse[] = []
  private _base = ''

  constructor(private readonly _h: FakeHandlers) {
    this._http = http.createServer((req, res) => this._onRequest(req, res))
    this._http.on('upgrade', (req, socket, head) => {
      const url = req.url ?? '/'
      if (this._h.acceptsPath && !this._h.acceptsPath(url)) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
        return
      }
      this._wss.handleUpgrade(req, socket, head, (ws) => {
        const sock: FakeSocket = { ws, url, received: [] }
        this.connections++
        this.sockets.push(sock)
        ws.on('message', (data) => {
          const text = String(data)
          sock.received.push(text)
          for (const reply of this._h.onMessage?.(sock, text) ?? []) ws.send(reply)
        })
        ws.on('close', () => {
          const i = this.sockets.indexOf(sock)
          if (i >= 0) this.sockets.splice(i, 1)
        })
      })
    })
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this._base
  }
  /** `ws://127.0.0.1:<port>` */
  get wsUrl(): string {
    return this._base.replace('http://', 'ws://')
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this._http.listen(0, '127.0.0.1', resolve))
    const { port } = this._http.address() as AddressInfo
    this._base = `http://127.0.0.1:${port}`
    return this
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.ws.terminate()
    this._wss.close()
    this._http.closeAllConnections()
    await new Promise<void>((resolve) => this._http.close(() => resolve()))
  }

  /** The next `n` REST requests get `res` (e.g. a 429 with Retry-After) instead of data. */
  limitNext(n: number, res: FakeResponse): void {
    for (let i = 0; i < n; i++) this._limits.push(res)
  }

  /** Sends a text frame to every open socket whose URL starts with `pathPrefix`. */
  send(text: string, pathPrefix = ''): number {
    let n = 0
    for (const s of this.sockets) {
      if (s.url.startsWith(pathPrefix) && s.ws.readyState === s.ws.OPEN) {
        s.ws.send(text)
        n++
      }
    }
    return n
  }

  /** Drops every connection abruptly (no close frame), as a network failure would. */
  dropAll(): void {
    for (const s of [...this.sockets]) s.ws.terminate()
  }

  /** Sends a WebSocket ping frame to every client. */
  pingAll(): void {
    for (const s of this.sockets) s.ws.ping()
  }

  /** Requests whose path starts with `prefix`. */
  hits(prefix: string): FakeRequest[] {
    return this.requests.filter((r) => r.path.startsWith(prefix))
  }

  private _onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1')
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = undefined
      if (text.length > 0) {
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
      }
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: u.searchParams,
        body,
      }
      this.requests.push(fr)
      const limited = this._limits.shift()
      const out = limited ??
        this._h.rest(fr) ?? {
          status: 404,
          body: { error: `fake: no route ${fr.method} ${fr.path}` },
        }
      const payload = typeof out.body === 'string' ? out.body : JSON.stringify(out.body)
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers })
      res.end(payload)
    })
  }
}

/** Polls `cond` every 5 ms until true, or throws after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
