/**
 * Canonical symbols ↔ venue symbols. The canonical name of a linear perpetual is base + quote
 * (`BTCUSDT`) on every venue: Binance and Bybit use it as is, OKX names the swap `BTC-USDT-SWAP`,
 * Hyperliquid names the coin (`BTC`, USDC-margined; canonical `BTCUSDT` by project convention).
 * @module
 */
import { UsageError } from '../core/errors.ts'
import type { Venue } from '../core/types.ts'

const QUOTES = ['USDT', 'USDC', 'USD'] as const

function splitQuote(canonical: string): [string, string] | undefined {
  for (const q of QUOTES) {
    if (canonical.length > q.length && canonical.endsWith(q)) {
      return [canonical.slice(0, -q.length), q]
    }
  }
  return undefined
}

/** Venue symbol for a canonical symbol (a venue symbol is passed through unchanged). */
export function toVenueSymbol(venue: Venue, symbol: string): string {
  switch (venue) {
    case 'binance':
    case 'bybit':
      return symbol.toUpperCase()
    case 'okx': {
      if (symbol.includes('-')) return symbol.toUpperCase()
      const parts = splitQuote(symbol.toUpperCase())
      if (!parts)
        throw new UsageError(
          `symbol '${symbol}': no USDT/USDC quote to build an OKX swap id`,
          '--symbol',
        )
      return `${parts[0]}-${parts[1]}-SWAP`
    }
    case 'hyperliquid': {
      // Hyperliquid coin names are case-sensitive (`kPEPE`); only the quote suffix is stripped.
      const parts = splitQuote(symbol)
      return parts ? parts[0] : symbol
    }
  }
}

/** Canonical symbol for a venue symbol (`BTC-USDT-SWAP` → `BTCUSDT`, Hyperliquid `BTC` → `BTCUSDT`). */
export function toCanonical(venue: Venue, venueSymbol: string): string {
  switch (venue) {
    case 'binance':
    case 'bybit':
      return venueSymbol
    case 'okx': {
      const p = venueSymbol.split('-')
      return p.length >= 2 ? `${p[0]}${p[1]}` : venueSymbol
    }
    case 'hyperliquid':
      return `${venueSymbol}USDT`
  }
}
