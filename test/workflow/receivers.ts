/**
 * Local receivers for the delivery tests, on 127.0.0.1: a webhook endpoint that checks the HMAC
 * signature on its own (node:crypto, not liqheat's code) and drops repeated idempotency keys, and
 * a fake Telegram Bot API (`/bot<token>/sendMessage`). Both can be told to fail their first
 * requests, to show retries, and record every request they saw.
 * @module
 */
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  readonly key: string
  readonly body: string
  readonly signatureOk: boolean
  readonly attempt: number
}

export interface Receiver {
  readonly url: string
  /** Every request, including failed and repeated ones. */
  readonly hits: Received[]
  /** Accepted deliveries, first of each key only. */
  readonly accepted: Map<string, Received>
  /** Keys seen more than once (retries after a crash between send and commit, deduplicated). */
  readonly repeats: string[]
  /** Status to answer the next requests with (shifted per request), then 200. */
  failNext(...statuses: number[]): void
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (s += c))
    req.on('end', () => resolve(s))
    req.on('error', reject)
  })
}

async function start(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => handle(req, res, body))
      .catch(() => res.writeHead(500).end())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return { server, url: `http://127.0.0.1:${port}` }
}

function receiver(
  server: Server,
  url: string,
  state: { fail: number[]; hits: Received[]; accepted: Map<string, Received>; repeats: string[] },
): Receiver {
  return {
    url,
    hits: state.hits,
    accepted: state.accepted,
    repeats: state.repeats,
    failNext: (...s) => state.fail.push(...s),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

/** A webhook receiver; `secret` verifies `X-Liqheat-Signature` over `${timestamp}.${body}`. */
export async function webhookReceiver(secret: string): Promise<Receiver> {
  const state = {
    fail: [] as number[],
    hits: [] as Received[],
    accepted: new Map<string, Received>(),
    repeats: [] as string[],
  }
  const { server, url } = await start((req, res, body) => {
    const key = String(req.headers['idempotency-key'] ?? '')
    const ts = String(req.headers['x-liqheat-timestamp'] ?? '')
    const expected = `v1=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`
    const hit: Received = {
      key,
      body,
      signatureOk: req.headers['x-liqheat-signature'] === expected,
      attempt: Number(req.headers['x-liqheat-delivery-attempt'] ?? 0),
    }
    state.hits.push(hit)
    const fail = state.fail.shift()
    if (fail !== undefined) return res.writeHead(fail).end('failing on purpose')
    if (!hit.signatureOk) return res.writeHead(401).end('bad signature')
    if (state.accepted.has(key)) state.repeats.push(key)
    else state.accepted.set(key, hit)
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
  return receiver(server, `${url}/hook`, state)
}

/** A fake Telegram Bot API; deduplicates by the key liqheat puts at the end of each message. */
export async function telegramReceiver(token: string): Promise<Receiver> {
  const state = {
    fail: [] as number[],
    hits: [] as Received[],
    accepted: new Map<string, Received>(),
    repeats: [] as string[],
  }
  const { server, url } = await start((req, res, body) => {
    const okPath = req.method === 'POST' && req.url === `/bot${token}/sendMessage`
    let text = ''
    let chat = ''
    try {
      const j = JSON.parse(body) as { text?: unknown; chat_id?: unknown }
      text = String(j.text ?? '')
      chat = String(j.chat_id ?? '')
    } catch {
      // an empty key below marks a malformed request
    }
    const key = /key (lqh_[0-9a-f]{32})$/.exec(text)?.[1] ?? ''
    state.hits.push({ key, body, signatureOk: okPath && chat !== '', attempt: 0 })
    const send = (status: number, obj: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj))
    }
    if (!okPath) return send(404, { ok: false, error_code: 404, description: 'Not Found' })
    const fail = state.fail.shift()
    if (fail === 429)
      return send(429, {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 0.05 },
      })
    if (fail !== undefined)
      return send(fail, { ok: false, error_code: fail, description: 'failing' })
    if (state.accepted.has(key)) state.repeats.push(key)
    else state.accepted.set(key, state.hits[state.hits.length - 1])
    send(200, { ok: true, result: { message_id: state.hits.length, text } })
  })
  return receiver(server, url, state)
}
