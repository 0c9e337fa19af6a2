/**
 * Entry point of the store: `openStore(path)` opens (creating and migrating) the SQLite file, and
 * `loadMarketFromStore` is the one-call read the analysis commands use for `--db PATH`.
 * @module
 */
import { existsSync } from 'node:fs'
import { DataError } from '../core/errors.ts'
import type { ImportedMarketData } from '../data/index.ts'
import { SqliteStore } from './sqlite/sqlite-store.ts'
import type { LoadMarketOptions, OpenStoreOptions, Store } from './store.ts'

/** Opens the store at `path` (`:memory:` for a throw-away one), creating its folder and schema. */
export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  return new SqliteStore(path, opts)
}

/** Reads one symbol from the database at `path` as MarketData (same shape as `loadDataDir`). */
export function loadMarketFromStore(path: string, opts: LoadMarketOptions): ImportedMarketData {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new DataError(
      `${path}: no such database (create one with 'liqheat import DIR --db ${path}', 'liqheat backfill' or 'liqheat collect')`,
      path,
    )
  }
  const store = openStore(path)
  try {
    return store.loadMarket(opts)
  } finally {
    store.close()
  }
}
