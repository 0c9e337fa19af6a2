/**
 * The alert engine: evaluates the enabled rules of a symbol on each observation, applies the
 * per-rule cooldown and `once`, and commits state, events and outbox rows in one transaction per
 * rule. A rule skips bars it has already seen (`lastBarTs`), so replaying bars after a restart adds
 * nothing twice. Listeners hear of new events (the page's WebSocket, the dispatcher's kick).
 * @module
 */
import type { UtcMs } from '../core/types.ts'
import { carryOverGap, evaluateMarketRule, evaluateStaleRule, type Evaluation } from './evaluate.ts'
import { deliveriesFor } from './payload.ts'
import type { FreshnessSnapshot, MarketSnapshot } from './snapshot.ts'
import type { AlertStore, NewEvent, StoredState } from './store.ts'
import type { AlertEvent, AlertRule } from './types.ts'

export type EventListener = (event: AlertEvent, rule: AlertRule) => void

export class AlertEngine {
  private readonly _listeners = new Set<EventListener>()
  /** Rule evaluations made so far (bars a rule had already seen are not counted). */
  evaluations = 0

  constructor(
    private readonly _store: AlertStore,
    private readonly _now: () => UtcMs = Date.now,
  ) {}

  onEvent(l: EventListener): () => void {
    this._listeners.add(l)
    return () => this._listeners.delete(l)
  }

  /** Whether `symbol` has enabled rules of these kinds (skip building snapshots otherwise). */
  hasRules(symbol: string, kinds: 'market' | 'stale'): boolean {
    return this._store
      .listRules(symbol)
      .some((r) => r.enabled && (kinds === 'stale') === (r.kind === 'stale'))
  }

  /** Evaluates the market rules of `s.symbol` on the bar that closed. Returns the new events. */
  observe(s: MarketSnapshot): AlertEvent[] {
    const out: AlertEvent[] = []
    for (const rule of this._store.listRules(s.symbol)) {
      if (!rule.enabled || rule.kind === 'stale') continue
      const st = this._store.ruleState(rule.id)
      if (st.lastBarTs !== undefined && s.barTs <= st.lastBarTs) continue
      const consecutive = st.lastBarTs !== undefined && st.lastBarTs === s.prevBarTs
      const prior = consecutive ? st.state : carryOverGap(st.state)
      const ev = evaluateMarketRule(rule, prior, s)
      this.evaluations++
      out.push(...this._commit(rule, st, ev, s.barTs))
    }
    return out
  }

  /** Evaluates the `stale` rules of `f.symbol` on a freshness check. */
  observeFreshness(f: FreshnessSnapshot): AlertEvent[] {
    const out: AlertEvent[] = []
    for (const rule of this._store.listRules(f.symbol)) {
      if (!rule.enabled || rule.kind !== 'stale') continue
      const st = this._store.ruleState(rule.id)
      const ev = evaluateStaleRule(rule, st.state, f)
      if (ev.firings.length === 0 && ev.state.stale === st.state.stale) continue
      out.push(...this._commit(rule, st, ev, st.lastBarTs))
    }
    return out
  }

  private _commit(
    rule: AlertRule,
    st: StoredState,
    ev: Evaluation,
    lastBarTs: UtcMs | undefined,
  ): AlertEvent[] {
    let lastFiredAt = st.lastFiredAt
    let firedCount = st.firedCount
    const events: NewEvent[] = []
    for (const f of ev.firings) {
      if (rule.once && firedCount > 0) break
      const cooling = lastFiredAt !== undefined && f.at - lastFiredAt < rule.cooldownSec * 1000
      if (!cooling) {
        lastFiredAt = f.at
        firedCount++
      }
      events.push({
        ...f,
        status: cooling ? 'suppressed' : 'fired',
        deliveries: (id) => deliveriesFor(rule, id, f),
      })
    }
    const next: StoredState = {
      ...(lastBarTs !== undefined ? { lastBarTs } : {}),
      state: ev.state,
      ...(lastFiredAt !== undefined ? { lastFiredAt } : {}),
      firedCount,
    }
    const created = this._store.commitEvaluation(rule.id, next, events, {
      disable: rule.once && firedCount > 0,
      now: this._now(),
    })
    for (const e of created) for (const l of this._listeners) l(e, rule)
    return created
  }
}
