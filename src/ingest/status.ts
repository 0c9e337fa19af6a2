/**
 * Status lines for `liqheat collect`: one per stream (state, last message age, messages, rows
 * stored, reconnects) and one per venue (phase, gaps recorded and filled, last error).
 * @module
 */
import type { StreamStatus } from '../exchanges/types.ts'
import type { VenueRunState } from './collector.ts'
import { formatCount, formatDuration } from './progress.ts'

export function streamLine(s: StreamStatus, rowsStored: number, now: number): string {
  const age =
    s.lastMessageTs === undefined
      ? 'no message yet'
      : `last msg ${formatAge(now - s.lastMessageTs)} ago`
  const parts = [
    `${s.venue} ${s.stream}`.padEnd(32),
    s.state.padEnd(10),
    age.padEnd(22),
    `${formatCount(s.messages)} msgs`,
    `${formatCount(rowsStored)} rows stored`,
    `${s.reconnects} reconnects`,
  ]
  if (s.note) parts.push(s.note)
  return parts.join('  ')
}

export function venueLine(st: Readonly<VenueRunState>): string {
  const open = st.gapsRecorded - st.gapsFilled
  const parts = [
    `${st.venue}:`,
    st.phase,
    `gaps ${st.gapsRecorded} recorded, ${st.gapsFilled} backfilled${open > 0 ? `, ${open} open` : ''}`,
  ]
  if (st.down !== undefined)
    parts.push(`down since ${new Date(st.down.from).toISOString()} (${st.down.reason})`)
  if (st.lastError) parts.push(`last error: ${st.lastError}`)
  return parts.join(' · ')
}

function formatAge(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`
  return formatDuration(ms)
}
