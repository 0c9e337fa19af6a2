/**
 * TradingView resolutions (`1`, `5`, `60`, `240` minutes; `1D`/`D`; `1W`/`W`) ↔ bar lengths, and
 * the resolutions a symbol can serve: whole multiples of its data's bar length.
 * @module
 */

const MIN = 60_000
const DAY = 86_400_000

/** The resolutions offered, smallest first (intraday in minutes). */
export const UDF_LADDER = [
  '1',
  '3',
  '5',
  '15',
  '30',
  '60',
  '120',
  '240',
  '360',
  '720',
  '1D',
  '1W',
] as const

/** Bar length of a resolution string, or undefined when it is not one we serve (months, seconds, ticks). */
export function resolutionMs(res: string): number | undefined {
  const r = res.trim().toUpperCase()
  let m = /^(\d{1,4})$/.exec(r)
  if (m) return Number(m[1]) > 0 ? Number(m[1]) * MIN : undefined
  m = /^(\d{0,3})([DW])$/.exec(r)
  if (m) {
    const n = m[1] === '' ? 1 : Number(m[1])
    return n > 0 ? n * (m[2] === 'D' ? DAY : 7 * DAY) : undefined
  }
  return undefined
}

/** Resolutions of the ladder that are whole multiples of `baseMs`. */
export function supportedResolutions(baseMs: number): string[] {
  return UDF_LADDER.filter((r) => {
    const ms = resolutionMs(r)
    return ms !== undefined && ms >= baseMs && ms % baseMs === 0
  })
}
