/**
 * Decodes the compact heatmap wire format written by `src/server/heatmap-binary.ts` (see the
 * layout there). Pure: the caller passes `inflate` for the compressed segments, so this runs in
 * the browser (DecompressionStream) and in node tests (fflate) alike.
 * @module
 */

export interface SegmentMeta {
  readonly columns: number
  readonly t0: number
  readonly longMax: number
  readonly shortMax: number
  readonly bytes: number
}

export interface WireHeader {
  readonly symbol: string
  readonly columns: number
  readonly rows: number
  readonly columnMs: number
  readonly priceMin: number
  readonly priceMax: number
  readonly encoding: 'sqrt-u8'
  readonly skip: number
  readonly segments: readonly SegmentMeta[]
  readonly maxCell: number
  readonly filter: { readonly venues?: readonly string[]; readonly leverages?: readonly number[] }
  readonly estimated: true
  readonly meta: Readonly<Record<string, unknown>>
}

export interface Candle {
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/** A decoded grid; cell (c, r) at index c·rows + r, row 0 = lowest price; values in USD (estimated). */
export interface DecodedHeatmap {
  readonly header: WireHeader
  readonly times: Float64Array
  readonly candles: readonly Candle[]
  readonly long: Float32Array
  readonly short: Float32Array
}

export class WireFormatError extends Error {}

export interface Envelope {
  readonly header: WireHeader
  readonly compressed: boolean
  /** Each segment's bytes, as on the wire. */
  readonly segments: readonly Uint8Array[]
}

export function splitEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length < 12) throw new WireFormatError('heatmap: response too short')
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3])
  if (magic !== 'LQHM') throw new WireFormatError(`heatmap: bad magic '${magic}'`)
  if (bytes[4] !== 2) throw new WireFormatError(`heatmap: unsupported version ${bytes[4]}`)
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hlen = dv.getUint32(8, true)
  if (12 + hlen > bytes.length) throw new WireFormatError('heatmap: header overruns the response')
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen))) as WireHeader
  const segments: Uint8Array[] = []
  let off = 12 + hlen
  for (const s of header.segments) {
    if (off + s.bytes > bytes.length)
      throw new WireFormatError('heatmap: segment overruns the response')
    segments.push(bytes.subarray(off, off + s.bytes))
    off += s.bytes
  }
  return { header, compressed: (bytes[5] & 1) === 1, segments }
}

/** Decodes the (inflated) segments against their header. */
export function decodeSegments(header: WireHeader, bodies: readonly Uint8Array[]): DecodedHeatmap {
  const rows = header.rows
  const total = header.segments.reduce((a, s) => a + s.columns, 0)
  const keep = total - header.skip
  if (keep !== header.columns || keep < 0)
    throw new WireFormatError('heatmap: column count does not add up')
  const times = new Float64Array(keep)
  const long = new Float32Array(keep * rows)
  const short = new Float32Array(keep * rows)
  const candles: Candle[] = []
  let g = -header.skip // global column index after skip
  header.segments.forEach((seg, si) => {
    const body = bodies[si]
    const n = seg.columns
    if (!body || body.length !== n * 24 + n * rows * 2)
      throw new WireFormatError(
        `heatmap: segment ${si} has ${body?.length ?? 0} bytes, expected ${n * 24 + n * rows * 2}`,
      )
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength)
    const lut = (max: number) =>
      Float32Array.from({ length: 256 }, (_, i) => (i / 255) * (i / 255) * max)
    const lutL = lut(seg.longMax)
    const lutS = lut(seg.shortMax)
    const curL = new Uint8Array(rows)
    const curS = new Uint8Array(rows)
    const cellOff = n * 24
    for (let c = 0; c < n; c++, g++) {
      const base = cellOff + c * rows
      for (let r = 0; r < rows; r++) {
        curL[r] = (curL[r] + body[base + r]) & 255
        curS[r] = (curS[r] + body[base + n * rows + r]) & 255
      }
      if (g < 0) continue
      times[g] = seg.t0 + dv.getInt32(c * 4, true) * 1000
      const f = (i: number) => dv.getFloat32(n * 4 + c * 20 + i * 4, true)
      candles.push({ time: times[g], open: f(0), high: f(1), low: f(2), close: f(3), volume: f(4) })
      for (let r = 0; r < rows; r++) {
        long[g * rows + r] = lutL[curL[r]]
        short[g * rows + r] = lutS[curS[r]]
      }
    }
  })
  return { header, times, candles, long, short }
}

/** Splits, inflates (when compressed) and decodes a response. */
export async function decodeHeatmap(
  bytes: Uint8Array,
  inflate: (b: Uint8Array) => Promise<Uint8Array> | Uint8Array,
): Promise<DecodedHeatmap> {
  const env = splitEnvelope(bytes)
  const bodies = env.compressed
    ? await Promise.all(env.segments.map((s) => inflate(s)))
    : env.segments
  globalThis.performance?.mark('liqheat:inflated')
  return decodeSegments(env.header, bodies)
}
