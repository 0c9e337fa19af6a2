import { describe, expect, it } from 'vitest'
import { scenario } from '../../test/workflow/scenario.ts'
import { LiquidationModel, toModelBars } from '../model/index.ts'
import type { Cluster, ClusterReport } from '../model/types.ts'
import { pineScript, pineString } from './pine.ts'

/**
 * An independent structural check of a Pine script: the version line, the `indicator(` call and
 * its drawing limits, drawing calls within them, balanced brackets and terminated strings
 * (both outside comments). Returns the problems found.
 */
function checkPine(src: string): {
  problems: string[]
  counts: Record<string, number>
  limits: Record<string, number>
} {
  const problems: string[] = []
  const lines = src.split('\n')
  if (lines[0] !== '//@version=6') problems.push(`first line is '${lines[0]}', not //@version=6`)
  const stack: string[] = []
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' }
  let code = ''
  lines.forEach((line, n) => {
    let inString = false
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]
      if (inString) {
        if (ch === '\\') i++
        else if (ch === '"') inString = false
        continue
      }
      if (ch === '/' && line[i + 1] === '/') break
      if (ch === '"') inString = true
      else if ('([{'.includes(ch)) stack.push(ch)
      else if (ch in pairs && stack.pop() !== pairs[ch])
        problems.push(`line ${n + 1}: unbalanced '${ch}'`)
      code += ch
    }
    if (inString) problems.push(`line ${n + 1}: unterminated string`)
    code += '\n'
  })
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`)
  const decl = /^indicator\((.*)\)$/m.exec(src)
  if (!decl) problems.push('no indicator( declaration')
  const limits: Record<string, number> = {}
  for (const k of ['max_boxes_count', 'max_lines_count', 'max_labels_count']) {
    const m = new RegExp(`${k}\\s*=\\s*(\\d+)`).exec(decl?.[1] ?? '')
    if (!m) problems.push(`indicator( lacks ${k}`)
    else limits[k] = Number(m[1])
    if (limits[k] > 500) problems.push(`${k} = ${limits[k]} > 500`)
  }
  const counts = {
    box: (code.match(/\bbox\.new\(/g) ?? []).length,
    line: (code.match(/\bline\.new\(/g) ?? []).length,
    label: (code.match(/\blabel\.new\(/g) ?? []).length,
  }
  if (counts.box > (limits.max_boxes_count ?? 0) && counts.box > 0) problems.push('too many boxes')
  if (counts.line > (limits.max_lines_count ?? 0) && counts.line > 0)
    problems.push('too many lines')
  if (counts.label > (limits.max_labels_count ?? 0)) problems.push('too many labels')
  return { problems, counts, limits }
}

function realReport(): ClusterReport {
  const data = scenario()
  const model = new LiquidationModel()
  for (const b of toModelBars(data).slice(0, 720)) model.append(b)
  return model.clusters()
}

const GEN = Date.UTC(2025, 2, 3, 12, 7)

describe('pineScript', () => {
  it('writes a v6 indicator whose structure checks out, drawing each cluster once', () => {
    const r = realReport()
    const src = pineScript(r, { symbol: 'BTCUSDT', generatedAt: GEN, scope: 'all venues' })
    const { problems, counts, limits } = checkPine(src)
    expect(problems).toEqual([])
    expect(r.all.length).toBeGreaterThan(3)
    expect(counts.box).toBe(r.all.length)
    expect(counts.label).toBe(r.all.length + 1)
    expect(limits.max_boxes_count).toBe(r.all.length)
    expect(src).toMatch(
      /^indicator\("liqheat estimated liquidation clusters · BTCUSDT · generated 2025-03-03 12:07Z"/m,
    )
    for (const c of r.all) expect(src).toContain(`@ ${c.peakPrice.toFixed(0)}`)
    expect(src).toMatch(/ESTIMATE/)
  })

  it('stays within Pine’s 500-drawing limits however many clusters there are', () => {
    const price = 100_000
    const many: Cluster[] = Array.from({ length: 900 }, (_, i) => ({
      side: i % 2 ? 'long' : 'short',
      priceLow: price + (i % 2 ? -1 : 1) * (100 + i * 10),
      priceHigh: price + (i % 2 ? -1 : 1) * (100 + i * 10) + 5,
      peakPrice: price + (i % 2 ? -1 : 1) * (100 + i * 10) + 2,
      notionalUsd: 1e6 + i,
      ageHours: 1,
      freshShare: 0,
      growthUsdPerHour: 0,
      distancePct: ((i % 2 ? -1 : 1) * (100 + i * 10)) / 1000,
      roundNumber: false,
    }))
    const report: ClusterReport = {
      at: GEN,
      price,
      freshHours: 24,
      above: [],
      below: [],
      all: many,
      asymmetry: { windowPct: 2, longBelowUsd: 0, shortAboveUsd: 0, ratio: 1 },
    }
    for (const style of ['boxes', 'lines'] as const) {
      const src = pineScript(report, {
        symbol: 'BTCUSDT',
        generatedAt: GEN,
        scope: 'x',
        style,
        maxClusters: 499,
      })
      const { problems, counts } = checkPine(src)
      expect(problems).toEqual([])
      expect(counts.label).toBe(500)
      expect(style === 'boxes' ? counts.box : counts.line).toBe(499)
    }
    expect(() =>
      pineScript(report, { symbol: 'X', generatedAt: GEN, scope: 'x', maxClusters: 500 }),
    ).toThrow(/max/)
  })

  it('escapes strings so quotes, backslashes and newlines cannot break the script', () => {
    const s = pineString('a "quoted" \\ path\nnext')
    expect(s).toBe('"a \\"quoted\\" \\\\ path\\nnext"')
    expect(
      checkPine(
        `//@version=6\nindicator("x", max_boxes_count = 1, max_lines_count = 1, max_labels_count = 1)\nlabel.new(0, 0, ${s})`,
      ).problems,
    ).toEqual([])
    // the checker itself catches what it is meant to catch
    expect(checkPine('//@version=6\nindicator("x)').problems.join()).toMatch(
      /unterminated|unclosed/,
    )
    expect(
      checkPine('//@version=5\nindicator("x", max_boxes_count = 600)').problems.join(),
    ).toMatch(/version=6.*600/s)
  })
})
