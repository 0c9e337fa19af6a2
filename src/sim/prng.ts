/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32, plus the few distributions the simulator draws from. Same seed → same sequence on
 * every platform (32-bit integer arithmetic via `Math.imul`; floats only in the derived draws).
 * @module
 */

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** splitmix32: expands one 32-bit seed into well-mixed words for the xoshiro state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** Hashes a string seed to 32 bits (FNV-1a), so `--seed abc` works as well as `--seed 42`. */
export function hashSeed(seed: number | string): number {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`)
    // Fold the integer part of large seeds so 2^32 + 1 and 1 differ.
    const hi = Math.floor(seed / 4294967296)
    return (seed >>> 0) ^ Math.imul(hi | 0, 0x9e3779b1)
  }
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Prng {
  private _s0: number
  private _s1: number
  private _s2: number
  private _s3: number
  private _spare = 0
  private _hasSpare = false

  /** `seed` may be a number or a string; `stream` gives independent sequences for one seed. */
  constructor(seed: number | string, stream = 0) {
    const st = { s: hashSeed(seed) ^ Math.imul(stream + 1, 0x632be5ab) }
    this._s0 = splitmix32(st)
    this._s1 = splitmix32(st)
    this._s2 = splitmix32(st)
    this._s3 = splitmix32(st)
    if ((this._s0 | this._s1 | this._s2 | this._s3) === 0) this._s0 = 1
  }

  /** A generator with the raw xoshiro state (for reference-vector tests). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Prng {
    const p = new Prng(0)
    p._s0 = s0 | 0
    p._s1 = s1 | 0
    p._s2 = s2 | 0
    p._s3 = s3 | 0
    return p
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this._s1, 5), 7), 9) >>> 0
    const t = this._s1 << 9
    this._s2 ^= this._s0
    this._s3 ^= this._s1
    this._s1 ^= this._s2
    this._s0 ^= this._s3
    this._s2 ^= t
    this._s3 = rotl(this._s3, 11)
    return result
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextU32() / 4294967296
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.float()
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n)
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p
  }

  /** Standard normal (Marsaglia polar method; the spare is cached, so draws come in pairs). */
  normal(): number {
    if (this._hasSpare) {
      this._hasSpare = false
      return this._spare
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = 2 * this.float() - 1
      v = 2 * this.float() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const m = Math.sqrt((-2 * Math.log(s)) / s)
    this._spare = v * m
    this._hasSpare = true
    return u * m
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float())
  }

  /** Log-normal: exp(mu + sigma·N(0,1)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal())
  }

  /** Pareto (type I) with scale `xm` and tail index `alpha`: P(X > x) = (xm/x)^alpha. */
  pareto(xm: number, alpha: number): number {
    return xm / Math.pow(1 - this.float(), 1 / alpha)
  }

  /** Index drawn from cumulative weights (last element = total). */
  pickCumulative(cum: ArrayLike<number>): number {
    const n = cum.length
    const x = this.float() * cum[n - 1]
    for (let i = 0; i < n; i++) if (x < cum[i]) return i
    return n - 1
  }
}

/** Cumulative sums of weights, for `Prng.pickCumulative`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length)
  let acc = 0
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]
    out[i] = acc
  }
  return out
}
