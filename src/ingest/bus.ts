/**
 * The event bus between collectors, the store writer and the model: publish/subscribe of
 * `MarketEvent[]` batches. Collectors publish; the StoreWriter and model workers subscribe. Nothing
 * else couples them, so the single embedded process (the default) and a distributed deployment
 * differ only in which EventBus is passed in.
 *
 * Distributed deployment (a later step, not built here): each batch is split by `subjectFor` into
 * JetStream subjects `liqheat.md.<venue>.<type>` (e.g. `liqheat.md.okx.liquidation`) on one stream
 * `LIQHEAT_MD`; `publish` resolves when JetStream acked the messages; each subscriber becomes a
 * durable pull consumer (the store writer's consumer writes to PostgreSQL and acks after commit,
 * so a crash redelivers the unacked tail, which the natural-key upserts make harmless); model
 * workers filter subjects by venue. Batches carry only normalised events, never venue JSON, and
 * order is kept per subject, which is all consumers rely on.
 * @module
 */
import type { MarketEvent } from '../core/events.ts'
import type { Venue } from '../core/types.ts'

export type MarketEventType = MarketEvent['type']

/** Receives one batch; may be async (the bus awaits it before `publish` resolves). */
export type BatchHandler = (batch: readonly MarketEvent[]) => void | Promise<void>

export interface SubscribeFilter {
  readonly venues?: readonly Venue[]
  readonly types?: readonly MarketEventType[]
}

export interface EventBus {
  /** Delivers the batch to every subscriber whose filter matches; resolves once all handled it. */
  publish(batch: readonly MarketEvent[]): Promise<void>
  /** Returns an unsubscribe function. */
  subscribe(handler: BatchHandler, filter?: SubscribeFilter): () => void
  close(): Promise<void>
}

/** The JetStream subject an event would be published on. */
export function subjectFor(e: MarketEvent): string {
  return `liqheat.md.${e.venue}.${e.type}`
}

interface Subscription {
  readonly handler: BatchHandler
  readonly venues?: ReadonlySet<Venue>
  readonly types?: ReadonlySet<MarketEventType>
}

/**
 * In-process bus: synchronous fan-out in subscription order. A handler that throws does not stop
 * the others; `publish` rejects afterwards with the first error, so the publisher sees it.
 */
export class InProcessBus implements EventBus {
  private readonly _subs = new Set<Subscription>()
  private _closed = false

  async publish(batch: readonly MarketEvent[]): Promise<void> {
    if (this._closed || batch.length === 0) return
    let firstError: unknown
    for (const s of [...this._subs]) {
      const part = select(batch, s)
      if (part.length === 0) continue
      try {
        await s.handler(part)
      } catch (err) {
        firstError ??= err
      }
    }
    if (firstError !== undefined) throw firstError
  }

  subscribe(handler: BatchHandler, filter: SubscribeFilter = {}): () => void {
    const sub: Subscription = {
      handler,
      venues: filter.venues ? new Set(filter.venues) : undefined,
      types: filter.types ? new Set(filter.types) : undefined,
    }
    this._subs.add(sub)
    return () => {
      this._subs.delete(sub)
    }
  }

  async close(): Promise<void> {
    this._closed = true
    this._subs.clear()
  }
}

function select(batch: readonly MarketEvent[], s: Subscription): readonly MarketEvent[] {
  if (s.venues === undefined && s.types === undefined) return batch
  return batch.filter(
    (e) =>
      (s.venues === undefined || s.venues.has(e.venue)) &&
      (s.types === undefined || s.types.has(e.type)),
  )
}
