/**
 * The addresses to poll: discovered from the public trades stream (each trade names buyer and
 * seller), deduplicated, capped. When full, the address least recently seen trading among those
 * never seen holding a position is evicted; addresses that ever held one are kept (when every
 * address has held one, a new address is refused and counted). Polling order is least recently
 * polled first: never-polled addresses (in discovery order) before any polled one; an address
 * whose poll failed goes back to the front.
 * @module
 */

export interface AddressEntry {
  readonly address: string
  /** First seen in a trade, UTC ms. */
  readonly discoveredAt: number
  /** Last seen in a trade, UTC ms. */
  lastTradeAt: number
  /** Last answered poll, UTC ms (undefined: never polled). */
  lastPolledAt: number | undefined
  /** Successful polls. */
  polls: number
  /** Ever reported with a position in the coin (protects the address from eviction). */
  everHeld: boolean
  /** Holds a position in the coin as of the last poll. */
  holds: boolean
}

export interface AddressBookStats {
  readonly known: number
  readonly neverPolled: number
  readonly holding: number
  readonly everHeld: number
  readonly evicted: number
  readonly refused: number
  readonly discoveries: number
}

export class AddressBook {
  private readonly _all = new Map<string, AddressEntry>()
  /** Never polled, discovery order. */
  private readonly _fresh = new Map<string, AddressEntry>()
  /** Polled, least recently polled first (Map insertion order; re-inserted on each poll). */
  private readonly _polled = new Map<string, AddressEntry>()
  /** Failed polls to retry first. */
  private readonly _retry: string[] = []
  /** Never held a position, least recently seen trading first (eviction candidates). */
  private readonly _lru = new Map<string, AddressEntry>()
  private _evicted = 0
  private _refused = 0
  private _discoveries = 0
  private _holding = 0
  private _everHeld = 0

  /** `onEvict` is told of every evicted address (never one holding a position). */
  constructor(
    readonly capacity: number,
    private readonly _onEvict: (address: string) => void = () => {},
  ) {
    if (!(capacity >= 1) || !Number.isInteger(capacity))
      throw new RangeError(`address book capacity ${capacity} must be a whole number ≥ 1`)
  }

  get size(): number {
    return this._all.size
  }

  get(address: string): AddressEntry | undefined {
    return this._all.get(address)
  }

  /** Records an address seen in a trade at `now`. Answers true when it is new. */
  discover(address: string, now: number): boolean {
    const e = this._all.get(address)
    if (e) {
      e.lastTradeAt = now
      if (this._lru.delete(address)) this._lru.set(address, e)
      return false
    }
    if (this._all.size >= this.capacity && !this._evictOne()) {
      this._refused++
      return false
    }
    const n: AddressEntry = {
      address,
      discoveredAt: now,
      lastTradeAt: now,
      lastPolledAt: undefined,
      polls: 0,
      everHeld: false,
      holds: false,
    }
    this._all.set(address, n)
    this._fresh.set(address, n)
    this._lru.set(address, n)
    this._discoveries++
    return true
  }

  private _evictOne(): boolean {
    const victim = this._lru.keys().next()
    if (victim.done === true) return false
    const a = victim.value
    this._lru.delete(a)
    this._all.delete(a)
    this._fresh.delete(a)
    this._polled.delete(a)
    const r = this._retry.indexOf(a)
    if (r >= 0) this._retry.splice(r, 1)
    this._evicted++
    this._onEvict(a)
    return true
  }

  /**
   * The address to poll next — least recently polled first — or undefined when there is none or
   * the least recently polled one was polled less than `minRepollMs` before `now`.
   */
  next(now: number, minRepollMs: number, busy?: ReadonlySet<string>): string | undefined {
    for (const a of this._retry) if (!busy?.has(a)) return a
    for (const a of this._fresh.keys()) if (!busy?.has(a)) return a
    for (const e of this._polled.values()) {
      if (busy?.has(e.address)) continue
      if (e.lastPolledAt !== undefined && now - e.lastPolledAt < minRepollMs) return undefined
      return e.address
    }
    return undefined
  }

  /** Ms until the least recently polled address may be polled again (0 = now; undefined = none). */
  nextDueInMs(now: number, minRepollMs: number): number | undefined {
    if (this._retry.length > 0 || this._fresh.size > 0) return 0
    const first = this._polled.values().next()
    if (first.done === true) return undefined
    const last = first.value.lastPolledAt ?? -Infinity
    return Math.max(0, last + minRepollMs - now)
  }

  /**
   * A poll answered at `now`: the address moves behind every other. `holds` = the account has a
   * position in the coin; undefined = the answer was unusable (the address is skipped this round,
   * its last known state kept).
   */
  polled(address: string, now: number, holds: boolean | undefined): void {
    const e = this._all.get(address)
    if (!e) return
    this._dropRetry(address)
    this._fresh.delete(address)
    this._polled.delete(address)
    this._polled.set(address, e)
    e.lastPolledAt = now
    if (holds === undefined) return
    e.polls++
    if (holds !== e.holds) this._holding += holds ? 1 : -1
    e.holds = holds
    if (holds && !e.everHeld) {
      e.everHeld = true
      this._everHeld++
      this._lru.delete(address)
    }
  }

  /** A failed poll: the address is polled again before any other. */
  failed(address: string): void {
    if (this._all.has(address) && !this._retry.includes(address)) this._retry.push(address)
  }

  private _dropRetry(address: string): void {
    const i = this._retry.indexOf(address)
    if (i >= 0) this._retry.splice(i, 1)
  }

  stats(): AddressBookStats {
    return {
      known: this._all.size,
      neverPolled: this._fresh.size,
      holding: this._holding,
      everHeld: this._everHeld,
      evicted: this._evicted,
      refused: this._refused,
      discoveries: this._discoveries,
    }
  }
}
