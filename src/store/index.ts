/**
 * The embedded store: `openStore(path)` (SQLite, WAL, versioned migrations, idempotent batched
 * writes, retention) and `loadMarketFromStore(path, opts)`. See `store.ts` for the contract.
 * @module
 */
export { loadMarketFromStore, openStore } from './open-store.ts'
export { DEFAULT_DB_PATH, DEFAULT_OI_FULL_RES_MS } from './store.ts'
export type {
  BarRow,
  BookRow,
  Checkpoint,
  CheckpointKind,
  FundingRow,
  Heartbeat,
  LiquidationBarRow,
  LiquidationRow,
  LoadMarketOptions,
  OpenInterestRow,
  OpenStoreOptions,
  RetentionPolicy,
  RetentionResult,
  Store,
  StoreBatch,
  StoreStats,
  StreamGap,
  TradeBarRow,
  WriteResult,
} from './store.ts'
