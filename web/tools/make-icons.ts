/**
 * Draws the app icons (web/public/icons/*.png) with @napi-rs/canvas: a dark tile with four
 * viridis bars. Run once: `npx tsx web/tools/make-icons.ts`.
 * @module
 */
import fs from 'node:fs'
import path from 'node:path'
import { createCanvas } from '@napi-rs/canvas'

const out = path.resolve('web/public/icons')
fs.mkdirSync(out, { recursive: true })
for (const [name, size, pad] of [
  ['icon-192.png', 192, 0.14],
  ['icon-512.png', 512, 0.14],
  ['maskable-512.png', 512, 0.24],
] as const) {
  const c = createCanvas(size, size)
  const ctx = c.getContext('2d')
  ctx.fillStyle = '#0c0f16'
  ctx.fillRect(0, 0, size, size)
  const inner = size * (1 - 2 * pad)
  const x0 = size * pad
  const bars = [
    ['#440154', 0.15],
    ['#31688e', 0.35],
    ['#35b779', 0.05],
    ['#fde725', 0.5],
  ] as const
  const w = inner / 4
  bars.forEach(([colour, top], i) => {
    ctx.fillStyle = colour
    const y = x0 + inner * top
    ctx.beginPath()
    ctx.roundRect(x0 + i * w + w * 0.1, y, w * 0.8, x0 + inner - y, w * 0.15)
    ctx.fill()
  })
  fs.writeFileSync(path.join(out, name), c.toBuffer('image/png'))
}
console.log(`icons written to ${out}`)
