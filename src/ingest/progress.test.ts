import { describe, expect, it } from 'vitest'
import { barText, etaMs, formatDuration, progressLine, ProgressBar } from './progress.ts'

describe('progress formatting', () => {
  it('formats durations, bars and ETAs', () => {
    expect(formatDuration(45_400)).toBe('45s')
    expect(formatDuration(185_000)).toBe('3m 05s')
    expect(formatDuration(7_620_000)).toBe('2h 07m')
    expect(barText(0.25, 8)).toBe('[##------]')
    expect(etaMs(0.25, 10_000)).toBe(30_000)
    expect(etaMs(0, 10_000)).toBeUndefined()
    expect(
      progressLine({ label: 'okx bars', rows: 5000, fraction: 0.5, elapsedMs: 2000 }, 10),
    ).toBe('[#####-----]  50%  okx bars  5,000 rows  2,500 rows/s  ETA 2s')
  })

  it('redraws in place on a TTY and prints plain lines every interval otherwise', () => {
    let t = 0
    const tty = {
      isTTY: true,
      columns: 200,
      text: '',
      write(s: string) {
        this.text += s
      },
    }
    const bar = new ProgressBar(tty, () => t)
    t = 50
    bar.update('x', 1, 0.1)
    t = 150
    bar.update('x', 2, 0.2)
    t = 200
    bar.update('x', 3, 0.3) // within 100 ms of the last draw: skipped
    bar.finish()
    expect(tty.text.split('\r\x1b[K').filter(Boolean)).toHaveLength(2)
    const plain = {
      isTTY: false,
      text: '',
      write(s: string) {
        this.text += s
      },
    }
    t = 0
    const p = new ProgressBar(plain, () => t, 1000)
    for (t = 0; t <= 3500; t += 100) p.update('y', t, t / 4000)
    expect(plain.text.trim().split('\n')).toHaveLength(3)
  })
})
