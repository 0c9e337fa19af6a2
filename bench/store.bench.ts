/**
 * Store write throughput on a file database (WAL, synchronous=NORMAL), in batched transactions as
 * the StoreWriter issues them: 1m bars (upsert), liquidations (insert, unique natural key), and a
 * mixed stream through the StoreWriter (bars, liquidations, open interest, trades → trade bars).
 * Also re-writing the same bars (all duplicates). Target: ≥ 100 000 rows/s in batches.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MarketEvent } from '../src/core/events.ts'
import { StoreWriter } from '../src/ingest/store-writer.ts'
import { openStore } from '../src/store/open-store.ts'
import type { BarRow, LiquidationRow } from '../src/store/store.ts'

const N = 200_000
const BATCH = 5_000
const T0 = Date.UTC(2025, 0, 1)

function bars(n: number): BarRow[] {
  const out: BarRow[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const p = 60_000 + (i % 997)
    out[i] = {
      venue: 'binance',
      symbol: 'BTCUSDT',
      tf: '1m',
      ts: T0 + i * 60_000,
      open: p,
      high: p + 5,
      low: p - 5,
      close: p + 1,
      volume: 12.5,
      quoteVolume: 12.5 * p,
      closed: true,
    }
  }
  return out
}

function liquidations(n: number): LiquidationRow[] {
  const out: LiquidationRow[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const p = 60_000 + (i % 997) / 10
    out[i] = {
      venue: 'bybit',
      symbol: 'BTCUSDT',
      ts: T0 + i * 250,
      side: i % 2 ? 'long' : 'short',
      price: p,
      qty: 0.01 + (i % 50) / 1000,
      usd: p * 0.02,
      priceKind: 'bankruptcy',
      coverage: 'complete',
      localTs: T0 + i * 250 + 30,
    }
  }
  return out
}

function mixed(n: number): MarketEvent[] {
  const out: MarketEvent[] = []
  for (let i = 0; out.length < n; i++) {
    const ts = T0 + i * 100
    const p = 60_000 + (i % 997) / 10
    out.push({
      type: 'trade',
      venue: 'okx',
      symbol: 'BTCUSDT',
      ts,
      localTs: ts + 5,
      id: String(i),
      price: p,
      qty: 0.01,
      takerSide: i % 3 ? 'buy' : 'sell',
    })
    if (i % 2 === 0)
      out.push({
        type: 'liquidation',
        venue: 'okx',
        symbol: 'BTCUSDT',
        ts,
        localTs: ts + 5,
        side: 'long',
        price: p,
        priceKind: 'bankruptcy',
        qty: 0.01 + (i % 7) / 100,
        usd: p * 0.01,
        coverage: 'partial',
      })
    if (i % 2 === 1)
      out.push({
        type: 'bar',
        venue: 'okx',
        symbol: 'BTCUSDT',
        tf: '1m',
        ts: Math.floor(ts / 60_000) * 60_000,
        localTs: ts,
        open: p,
        high: p + 1,
        low: p - 1,
        close: p,
        volume: i,
        closed: false,
      })
    if (i % 4 === 1)
      out.push({
        type: 'open_interest',
        venue: 'okx',
        symbol: 'BTCUSDT',
        ts,
        localTs: ts,
        oi: 90_000 + i / 1000,
      })
  }
  return out
}

function timeBatches<T>(rows: readonly T[], write: (part: T[]) => void): number {
  const t = performance.now()
  for (let i = 0; i < rows.length; i += BATCH) write(rows.slice(i, i + BATCH))
  return rows.length / ((performance.now() - t) / 1000)
}

export async function benchStore(): Promise<{ name: string; value: number; unit: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liqheat-bench-'))
  try {
    const store = openStore(join(dir, 'bench.db'))
    const b = bars(N)
    const barsRate = timeBatches(b, (part) => store.writeBatch({ bars: part }))
    const dupRate = timeBatches(b, (part) => store.writeBatch({ bars: part }))
    const liqRate = timeBatches(liquidations(N), (part) => store.writeBatch({ liquidations: part }))
    const events = mixed(N)
    const writer = new StoreWriter(store, { maxRows: BATCH, maxDelayMs: 60_000 })
    const t = performance.now()
    for (let i = 0; i < events.length; i += 500) writer.handle(events.slice(i, i + 500))
    writer.close()
    const mixedRate = events.length / ((performance.now() - t) / 1000)
    store.close()
    const r = (x: number): number => Math.round(x)
    return [
      { name: 'store: insert 1m bars, 5k-row transactions', value: r(barsRate), unit: 'rows/s' },
      { name: 'store: re-insert the same bars (duplicates)', value: r(dupRate), unit: 'rows/s' },
      {
        name: 'store: insert liquidations, 5k-row transactions',
        value: r(liqRate),
        unit: 'rows/s',
      },
      { name: 'store: StoreWriter mixed live events', value: r(mixedRate), unit: 'events/s' },
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
