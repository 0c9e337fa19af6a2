/**
 * Decodes the compact heatmap wire format written by `src/server/heatmap-binary.ts` (see the
 * layout there). Pure: the caller inflates the zlib body (`inflate`), so this runs in the browser
 * (DecompressionStream) and in node tests (fflate) alike.
 * @module
 */

export interface WireHeader {
  readonly symbol: string
  readonly columns: number
  readonly rows: number
  readonly columnMs: number
  readonly priceMin: number
  readonly priceMax: number
  readonly t0: number
  readonly scale: {
    readonly encoding: 'sqrt-u8'
    readonly longMax: number
    readonly shortMax: number
  }
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

/** Splits the envelope: header and the (possibly compressed) body. */
export function splitEnvelope(bytes: Uint8Array): {
  header: WireHeader
  compressed: boolean
  body: Uint8Array
} {
  if (bytes.length < 12) throw new WireFormatError('heatmap: response too short')
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3])
  if (magic !== 'LQHM') throw new WireFormatError(`heatmap: bad magic '${magic}'`)
  if (bytes[4] !== 1) throw new WireFormatError(`heatmap: unsupported version ${bytes[4]}`)
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const hlen = dv.getUint32(8, true)
  if (12 + hlen > bytes.length) throw new WireFormatError('heatmap: header overruns the response')
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + hlen))) as WireHeader
  return { header, compressed: (bytes[5] & 1) === 1, body: bytes.subarray(12 + hlen) }
}

function dequantise(q: Uint8Array, max: number, columns: number, rows: number): Float32Array {
  const out = new Float32Array(q.length)
  const lut = new Float32Array(256)
  for (let i = 0; i < 256; i++) lut[i] = (i / 255) * (i / 255) * max
  const cur = new Uint8Array(rows)
  for (let c = 0; c < columns; c++) {
    const base = c * rows
    for (let r = 0; r < rows; r++) {
      cur[r] = (cur[r] + q[base + r]) & 255
      out[base + r] = lut[cur[r]]
    }
  }
  return out
}

/** Decodes an already inflated body against its header. */
export function decodeBody(header: WireHeader, body: Uint8Array): DecodedHeatmap {
  const { columns, rows } = header
  const need = columns * 24 + columns * rows * 2
  if (body.length !== need)
    throw new WireFormatError(`heatmap: body has ${body.length} bytes, expected ${need}`)
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const times = new Float64Array(columns)
  for (let c = 0; c < columns; c++) times[c] = header.t0 + dv.getInt32(c * 4, true) * 1000
  const candles: Candle[] = []
  let off = columns * 4
  for (let c = 0; c < columns; c++) {
    const f = (i: number) => dv.getFloat32(off + i * 4, true)
    candles.push({ time: times[c], open: f(0), high: f(1), low: f(2), close: f(3), volume: f(4) })
    off += 20
  }
  const cells = columns * rows
  return {
    header,
    times,
    candles,
    long: dequantise(body.subarray(off, off + cells), header.scale.longMax, columns, rows),
    short: dequantise(
      body.subarray(off + cells, off + 2 * cells),
      header.scale.shortMax,
      columns,
      rows,
    ),
  }
}
