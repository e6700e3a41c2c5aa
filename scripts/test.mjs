#!/usr/bin/env node
// Runs every test file of the workspace with node's own test runner, TypeScript through tsx.
// Usage: node scripts/test.mjs [--unit] [path-filter ...]
//   --unit        skip end-to-end files (*.e2e.test.ts)
//   path-filter   only files whose path contains one of these strings
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const unitOnly = args.includes('--unit')
const filters = args.filter((a) => !a.startsWith('--'))

function walk(dir, out) {
  let entries
  try {
    entries = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') continue
    const full = join(dir, name)
    if (statSync(full).isDirectory()) walk(full, out)
    else if (name.endsWith('.test.ts')) out.push(relative(root, full))
  }
  return out
}

const files = []
for (const group of ['packages', 'examples']) {
  for (const pkg of readdirSync(join(root, group))) walk(join(root, group, pkg, 'test'), files)
}
walk(join(root, 'test'), files)

const selected = files
  .filter((f) => !unitOnly || !f.endsWith('.e2e.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()

if (selected.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}

const result = spawnSync(
  process.execPath,
  [
    '--conditions=source',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${process.env.SG_TEST_CONCURRENCY ?? 2}`,
    '--test-timeout=600000',
    '--test-reporter=tap',
    '--test-reporter-destination=stdout',
    // repeats the failures at the end, where a CI log's tail shows them
    `--test-reporter=${join(root, 'scripts/failures-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...selected,
  ],
  {
    stdio: 'inherit',
    cwd: root,
    // the test processes are applications of the libraries: on Node 20 the AWS SDK would tell each one that its
    // releases from 2027 need Node 22 (the tests of the CLI and the demo remove this to prove they silence it themselves)
    // SG_PROPERTY_RUNS, when the caller sets it, changes the property tests' run counts (CI never sets it)
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
  },
)
process.exit(result.status ?? 1)
