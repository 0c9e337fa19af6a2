/**
 * Reads one data file's CSV bytes: a plain `.csv`, or a `.zip` as the Binance Vision archive
 * serves it (exactly one CSV inside). Bytes, not text: the reader parses them without decoding.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { unzipSync } from 'fflate'
import { DataError } from '../core/errors.ts'

/** The CSV bytes of `path`; `name` is how messages refer to the file. */
export async function readCsvBytes(path: string, name: string): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw new DataError(`${name}: cannot read file: ${(err as Error).message}`, name)
  }
  if (!/\.zip$/i.test(name)) return bytes
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes)
  } catch (err) {
    throw new DataError(`${name}: not a readable zip archive (${(err as Error).message})`, name)
  }
  const csvs = Object.keys(entries).filter((k) => /\.csv$/i.test(k) && !k.endsWith('/'))
  if (csvs.length !== 1) {
    const found = Object.keys(entries).join(', ') || 'nothing'
    throw new DataError(`${name}: expected one .csv inside the zip, found ${found}`, name)
  }
  return entries[csvs[0]]
}
