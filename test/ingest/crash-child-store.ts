/**
 * Child process for the crash test: writes numbered batches of bars and liquidations (one
 * transaction each, with the bars checkpoint), resuming after the checkpoint, and prints
 * `committed K` after each commit. The parent kills it with SIGKILL at random moments.
 * Env: DB (file), ROWS (per batch), BATCHES (total).
 * @module
 */
import { openStore } from '../../src/store/open-store.ts'
import type { BarRow, LiquidationRow } from '../../src/store/store.ts'

const T0 = Date.UTC(2025, 0, 1)
const MIN = 60_000
const SYMBOL = 'CRASHUSDT'

const db = process.env.DB ?? ''
const rows = Number(process.env.ROWS ?? 1000)
const batches = Number(process.env.BATCHES ?? 10)
const store = openStore(db)
const cp = store.getCheckpoint('binance', SYMBOL, 'bars', '1m')
const first = cp === undefined ? 0 : Math.round((cp - T0) / MIN + 1) / rows
if (!Number.isInteger(first)) throw new Error(`checkpoint ${cp} is not on a batch boundary`)
process.stdout.write(`resume ${first}\n`)
for (let k = first; k < batches; k++) {
  const bars: BarRow[] = []
  const liqs: LiquidationRow[] = []
  for (let i = 0; i < rows; i++) {
    const ts = T0 + (k * rows + i) * MIN
    const p = 50_000 + (k * rows + i)
    bars.push({
      venue: 'binance',
      symbol: SYMBOL,
      tf: '1m',
      ts,
      open: p,
      high: p + 1,
      low: p - 1,
      close: p,
      volume: k,
      closed: true,
    })
    liqs.push({
      venue: 'binance',
      symbol: SYMBOL,
      ts: ts + 1,
      side: i % 2 ? 'long' : 'short',
      price: p,
      qty: 1,
      usd: p,
    })
  }
  const lastTs = bars[bars.length - 1].ts
  store.writeBatch({
    bars,
    liquidations: liqs,
    checkpoints: [{ venue: 'binance', symbol: SYMBOL, kind: 'bars', tf: '1m', lastTs }],
  })
  process.stdout.write(`committed ${k}\n`)
}
store.close()
process.stdout.write('done\n')
