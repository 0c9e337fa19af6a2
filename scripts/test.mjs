#!/usr/bin/env node
// `npm test`: lint + format check, type check, then every vitest test. Ends with the plain line
// `N passed, N failed` (lint and type check count as one test each), exit 1 if anything failed.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = (name) => join('node_modules', '.bin', name)
let passed = 0
let failed = 0
const step = (name, cmd, args) => {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, { stdio: 'inherit' })
  if (r.status === 0) passed++
  else {
    failed++
    process.stdout.write(`== ${name} FAILED (exit ${r.status})\n`)
  }
}

step('lint', bin('eslint'), ['.'])
step('format', bin('prettier'), ['--check', '.', '--log-level', 'warn'])
step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])

const out = join(mkdtempSync(join(tmpdir(), 'liqheat-test-')), 'vitest.json')
const extra = process.argv.slice(2)
process.stdout.write(`\n== vitest\n`)
const v = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra],
  {
    stdio: 'inherit',
  },
)
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'))
  passed += j.numPassedTests
  failed += j.numFailedTests
  // A test file that failed to load has no tests but is a failure.
  for (const f of j.testResults ?? [])
    if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++
  if (j.numTotalTests === 0) failed++
} else {
  process.stdout.write('== vitest wrote no results\n')
  failed++
}
if (v.status !== 0 && failed === 0) failed++
process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
