/**
 * The two `POST /info` requests the position collector makes, over plain `fetch` (not ccxt: the
 * scheduler must see every 429 and meter every call's weight itself, which ccxt's throttle and
 * retries would hide). `clearinghouseState` (weight 2) → the account's positions in one coin;
 * `metaAndAssetCtxs` (weight 20) → the coin's mark price and open interest.
 * Errors: 429 → RateLimitError (with Retry-After when sent); 5xx, timeouts and connection
 * failures → NetworkError; other HTTP errors → ExchangeError; a bad field → DataError naming it.
 * @module
 */
import { z } from 'zod'
import { DataError, ExchangeError, NetworkError, RateLimitError } from '../../../core/errors.ts'
import { retryAfterMs } from '../../rest.ts'
import type { HlPosition } from './types.ts'

export const HYPERLIQUID_REST = 'https://api.hyperliquid.xyz'
/** Published request weights (docs, rate limits). */
export const WEIGHT_CLEARINGHOUSE = 2
export const WEIGHT_META_AND_CTXS = 20

const decimal = z
  .union([z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'not a decimal'), z.number()])
  .transform(Number)
  .pipe(z.number())

const Position = z.object({
  coin: z.string(),
  szi: decimal,
  entryPx: decimal,
  liquidationPx: decimal.nullable(),
  leverage: z.object({
    type: z.enum(['cross', 'isolated']),
    value: z.number().min(1),
  }),
  marginUsed: decimal,
  positionValue: decimal,
  unrealizedPnl: decimal,
})

const Clearinghouse = z.object({
  assetPositions: z.array(z.object({ position: z.looseObject({ coin: z.string() }) })),
})

const MetaAndCtxs = z.tuple([
  z.looseObject({ universe: z.array(z.looseObject({ name: z.string() })) }),
  z.array(z.looseObject({ markPx: decimal, openInterest: decimal })),
])

/** Mark price and open interest of one coin. */
export interface AssetCtx {
  /** Mark price, USD. */
  readonly markPx: number
  /** `openInterest` as the venue reports it, base units (sides: see HL_OI_SIDES). */
  readonly openInterest: number
}

export interface InfoClientOptions {
  /** Scheme + host[:port]; `/info` is appended. Default the public API. */
  readonly restUrl?: string
  /** Per-request timeout, ms (default 10 000). */
  readonly timeoutMs?: number
  /** Clock for Retry-After HTTP dates. */
  readonly now?: () => number
}

const ADDRESS = /^0x[0-9a-f]{40}$/

/** True for a lower-case `0x` + 40 hex address. */
export function isAddress(s: string): boolean {
  return ADDRESS.test(s)
}

export class HlInfoClient {
  private readonly _url: string
  private readonly _timeoutMs: number
  private readonly _now: () => number

  constructor(o: InfoClientOptions = {}) {
    this._url = `${(o.restUrl ?? HYPERLIQUID_REST).replace(/\/+$/, '')}/info`
    this._timeoutMs = o.timeoutMs ?? 10_000
    this._now = o.now ?? Date.now
  }

  /** The account's position in `coin`, or undefined when it has none (size 0 or absent). */
  async position(
    user: string,
    coin: string,
    polledAt: number,
    signal?: AbortSignal,
  ): Promise<HlPosition | undefined> {
    const what = `clearinghouseState ${user}`
    const raw = await this._post({ type: 'clearinghouseState', user }, what, signal)
    const st = parse(Clearinghouse, raw, what, '')
    const i = st.assetPositions.findIndex((a) => a.position.coin === coin)
    if (i < 0) return undefined
    const p = parse(Position, st.assetPositions[i].position, what, `assetPositions.${i}.position.`)
    if (p.szi === 0) return undefined
    return {
      address: user,
      coin,
      side: p.szi > 0 ? 'long' : 'short',
      size: Math.abs(p.szi),
      entryPx: p.entryPx,
      liquidationPx: p.liquidationPx !== null && p.liquidationPx > 0 ? p.liquidationPx : null,
      leverageType: p.leverage.type,
      leverage: p.leverage.value,
      marginUsed: p.marginUsed,
      positionValue: Math.abs(p.positionValue),
      unrealizedPnl: p.unrealizedPnl,
      polledAt,
    }
  }

  /** Mark price and open interest of `coin` from `metaAndAssetCtxs`. */
  async assetCtx(coin: string, signal?: AbortSignal): Promise<AssetCtx> {
    const what = 'metaAndAssetCtxs'
    const raw = await this._post({ type: 'metaAndAssetCtxs' }, what, signal)
    const [meta, ctxs] = parse(MetaAndCtxs, raw, what, '')
    const i = meta.universe.findIndex((u) => u.name === coin)
    if (i < 0)
      throw new DataError(
        `hyperliquid ${what}: no coin '${coin}' in universe`,
        undefined,
        undefined,
        'universe',
      )
    const ctx = ctxs[i]
    if (!ctx)
      throw new DataError(
        `hyperliquid ${what}: no asset context at index ${i} (${coin})`,
        undefined,
        undefined,
        `1.${i}`,
      )
    if (!(ctx.markPx > 0))
      throw new DataError(
        `hyperliquid ${what}: field '1.${i}.markPx' is not positive`,
        undefined,
        undefined,
        `1.${i}.markPx`,
      )
    if (!(ctx.openInterest >= 0))
      throw new DataError(
        `hyperliquid ${what}: field '1.${i}.openInterest' is negative`,
        undefined,
        undefined,
        `1.${i}.openInterest`,
      )
    return { markPx: ctx.markPx, openInterest: ctx.openInterest }
  }

  private async _post(body: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
    // One controller per request, linked by hand (AbortSignal.any on a long-lived signal piles up
    // dependants in Node 20).
    const ctrl = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      ctrl.abort()
    }, this._timeoutMs)
    const onAbort = (): void => ctrl.abort()
    if (signal?.aborted === true) ctrl.abort()
    signal?.addEventListener('abort', onAbort, { once: true })
    let status: number
    let text: string
    let headers: Record<string, string>
    try {
      const res = await fetch(this._url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: ctrl.signal,
      })
      status = res.status
      headers = Object.fromEntries(res.headers.entries())
      text = await res.text()
    } catch (err) {
      const msg = timedOut ? `timed out after ${this._timeoutMs} ms` : errText(err)
      throw new NetworkError(`hyperliquid ${what}: ${msg}`, { cause: err })
    } finally {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    if (status === 429) {
      throw new RateLimitError(
        `hyperliquid ${what}: HTTP 429 ${text.slice(0, 120)}`,
        retryAfterMs(headers, this._now()),
      )
    }
    if (status >= 500)
      throw new NetworkError(`hyperliquid ${what}: HTTP ${status} ${text.slice(0, 200)}`)
    if (status !== 200)
      throw new ExchangeError(`hyperliquid ${what}: HTTP ${status} ${text.slice(0, 200)}`)
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new DataError(`hyperliquid ${what}: the answer is not JSON: ${text.slice(0, 80)}`)
    }
  }
}

function parse<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
  prefix: string,
): z.infer<S> {
  const r = schema.safeParse(raw)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const field = `${prefix}${issue ? issue.path.join('.') : '?'}`
  throw new DataError(
    `hyperliquid ${what}: field '${field}' ${issue?.message ?? 'invalid'}`,
    undefined,
    undefined,
    field,
  )
}

function errText(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = (err as { cause?: unknown }).cause
  return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message
}
