/**
 * The coordinate search both calibrations use (the six-number family of calibrate.ts and the rung
 * fit of calibrate-rungs.ts): each pass visits the coordinates in order and tries every candidate
 * move of one, holding the others, keeping any that scores better; passes repeat until none moves
 * or `maxPasses` is reached. Every accepted step improves the score, so the result is never worse
 * than the start. Pure and deterministic.
 * @module
 */
import { better, type Score } from './calibrate-objective.ts'

export interface SearchSpace<P, S extends Score> {
  readonly start: P
  /** How many coordinates a point has. */
  readonly coordinates: number
  /** The candidates of coordinate `i` from `cur` (the other coordinates held). */
  readonly moves: (cur: P, i: number) => Iterable<P>
  readonly evaluate: (pt: P) => S
  readonly maxPasses: number
  /** Called after each accepted move. */
  readonly onStep?: (s: S, pt: P) => void
}

export interface SearchResult<P, S extends Score> {
  readonly point: P
  readonly score: S
  readonly startScore: S
  readonly passes: number
}

export function coordinateSearch<P, S extends Score>(o: SearchSpace<P, S>): SearchResult<P, S> {
  let cur = o.start
  const startScore = o.evaluate(cur)
  let best = startScore
  let passes = 0
  for (let pass = 0; pass < o.maxPasses; pass++) {
    passes++
    let moved = false
    for (let i = 0; i < o.coordinates; i++) {
      for (const cand of o.moves(cur, i)) {
        const s = o.evaluate(cand)
        if (better(s, best)) {
          best = s
          cur = cand
          moved = true
          o.onStep?.(s, cur)
        }
      }
    }
    if (!moved) break
  }
  return { point: cur, score: best, startScore, passes }
}
