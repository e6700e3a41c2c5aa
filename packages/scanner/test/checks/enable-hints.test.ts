import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ENABLE } from '../../src/checks/needs.js'
import { CHECKS } from '../../src/checks/registry.js'
import { CHECK_IDS } from '../../src/model/finding.js'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

test('no source file writes its own "enable with" hint: every hint is a situation of checks/needs.ts', () => {
  const literal = /enableWith\s*[:=]\s*['"`]|notTested\([^)]*,\s*['"`]/
  const offenders = sources(SRC)
    .filter((f) => !f.endsWith(join('checks', 'needs.ts')))
    .flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${relative(SRC, f)}:${i + 1}`, line }))
        .filter(({ line }) => literal.test(line)),
    )
  assert.deepEqual(offenders, [], 'write the hint once in ENABLE (checks/needs.ts) and name it')
})

test("every check's default hint is one of the situations, and checks that need nothing have none", () => {
  const hints = new Set<string>(Object.values(ENABLE))
  for (const id of CHECK_IDS) {
    const { enableWith, requires } = CHECKS[id]
    if (requires === 'nothing') assert.equal(enableWith, undefined, id)
    else assert.ok(enableWith && hints.has(enableWith), `${id}: ${enableWith}`)
  }
})

test('each situation names the config key first and the command-line flag beside it', () => {
  for (const [situation, hint] of Object.entries(ENABLE)) {
    assert.match(hint, /^[a-z ]*[a-z_.]+:/, `${situation} starts with a config key`)
    assert.match(hint, /--[a-z]/, `${situation} names the flag`)
  }
  assert.equal(new Set(Object.values(ENABLE)).size, Object.keys(ENABLE).length, 'no two situations share a text')
})
