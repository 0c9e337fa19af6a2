/**
 * What the Collector's parts share: its options with their defaults resolved, the per-venue run
 * states, the retry delay, and the publishing of buffered live events on the bus.
 * @module
 */
import { ensureDefined } from '../core/errors.ts'
import type { UtcMs, Venue } from '../core/types.ts'
import { Dedup } from '../exchanges/dedup.ts'
import type { BackfillKind } from '../exchanges/types.ts'
import { canonicalTf, tfMs } from '../store/event-rows.ts'
import type { CollectorOptions, VenueRunState } from './collector-types.ts'

const ALL_KINDS: readonly BackfillKind[] = ['bars', 'open_interest', 'funding']

export class CollectorContext {
  readonly states = new Map<Venue, VenueRunState>()
  readonly now: () => UtcMs
  readonly tf: string
  readonly tfMs: number
  readonly kinds: readonly BackfillKind[]

  constructor(readonly o: CollectorOptions) {
    this.now = o.now ?? Date.now
    this.tf = canonicalTf(o.tf ?? '1m')
    this.tfMs = tfMs(this.tf)
    this.kinds = o.kinds ?? ALL_KINDS
    for (const s of o.sources) {
      this.states.set(s.venue, {
        venue: s.venue,
        startedAt: 0,
        phase: 'starting',
        lastClosedBar: new Map(),
        dedup: new Dedup(100_000),
        jobs: [],
        buffer: [],
        bufferSince: 0,
        filling: false,
        gapsRecorded: 0,
        gapsFilled: 0,
        unavailable: new Set(),
      })
    }
  }

  async publishDue(all: boolean): Promise<void> {
    const now = this.now()
    for (const st of this.states.values()) {
      if (st.buffer.length > 0 && (all || now - st.bufferSince >= (this.o.publishMs ?? 100)))
        await this.publish(st)
    }
  }

  async publish(st: VenueRunState): Promise<void> {
    const batch = st.buffer
    st.buffer = []
    if (batch.length > 0) await this.o.bus.publish(batch)
  }

  retryDelay(attempt: number): number {
    return Math.min((this.o.retryMs ?? 1000) * 2 ** attempt, this.o.maxRetryMs ?? 30_000)
  }

  state(venue: Venue): VenueRunState {
    return ensureDefined(this.states.get(venue), `collector state of ${venue}`)
  }
}
