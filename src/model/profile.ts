/**
 * A per-bin profile of the standing books around the current price, in the model's own log bins:
 * notional, seed-time sums (ages), fresh notional and the notional a window ago (growth).
 * @module
 */
import type { ModelEngine, BookInfo } from './engine.ts'
import type { ModelFilter } from './types.ts'

export interface SideProfile {
  /** USD per bin. */
  readonly usd: Float64Array
  /** USD × seed time per bin (ages), when tracked. */
  readonly tsum: Float64Array
  /** USD seeded within the freshness window per bin, when tracked. */
  readonly fresh: Float64Array
  /** USD per bin at the growth snapshot, when there is one. */
  readonly past: Float64Array
}

export interface Profile {
  /** Model bin index of profile position 0. */
  readonly first: number
  readonly n: number
  readonly long: SideProfile
  readonly short: SideProfile
  readonly hasPast: boolean
  readonly pastTs: number
}

export function bookMatches(info: BookInfo, filter: ModelFilter | undefined): boolean {
  if (!filter) return true
  const fv = filter.venues
  if (fv && !info.venues.every((v) => fv.includes(v))) return false
  if (filter.leverages && !filter.leverages.includes(info.leverage)) return false
  return true
}

function side(n: number): SideProfile {
  return {
    usd: new Float64Array(n),
    tsum: new Float64Array(n),
    fresh: new Float64Array(n),
    past: new Float64Array(n),
  }
}

/** Builds the profile over prices [lowPrice, highPrice]. */
export function buildProfile(
  engine: ModelEngine,
  lowPrice: number,
  highPrice: number,
  filter?: ModelFilter,
): Profile {
  const first = Math.max(0, Math.floor(engine.coord(lowPrice)))
  const last = Math.min(engine.size - 1, Math.floor(engine.coord(highPrice)))
  const n = Math.max(0, last - first + 1)
  const long = side(n)
  const short = side(n)
  engine.settleAll()
  const past = engine.pastSnapshot()
  engine.books.forEach((b, k) => {
    if (!bookMatches(engine.info[k], filter)) return
    const out = b.isLong ? long : short
    const s = b.scale
    const a = Math.max(b.lo, first)
    const z = Math.min(b.hi, last)
    for (let i = a; i <= z; i++) {
      const v = b.x[i]
      if (v === 0) continue
      out.usd[i - first] += v * s
      if (b.t) out.tsum[i - first] += b.t[i] * s
      if (b.f) out.fresh[i - first] += b.f[i] * s
    }
    if (past) {
      const pb = past.books[k]
      const pa = Math.max(pb.lo, first)
      const pz = Math.min(pb.lo + pb.vals.length - 1, last)
      for (let i = pa; i <= pz; i++) out.past[i - first] += pb.vals[i - pb.lo]
    }
  })
  return { first, n, long, short, hasPast: past !== undefined, pastTs: past?.ts ?? 0 }
}
