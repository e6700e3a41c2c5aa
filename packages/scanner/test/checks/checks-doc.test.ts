import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { CHECK_IDS } from '../../src/model/finding.js'
import { CHECKS } from '../../src/checks/registry.js'
import { checksTableMarkdown } from '../../src/checks/docs-table.js'

const docPath = new URL('../../../../docs/checks.md', import.meta.url)

test('docs/checks.md is what scripts/gen-checks-doc.ts writes from the catalogue (run it after changing catalogue.ts)', () => {
  const committed = readFileSync(docPath, 'utf8')
  assert.equal(committed, checksTableMarkdown(), 'docs/checks.md is stale: node --conditions=source --import tsx scripts/gen-checks-doc.ts')
})

test('the checks table has one row per check with its severity and every reference', () => {
  const rows = checksTableMarkdown()
    .split('\n')
    .filter((l) => l.startsWith('| `SG-'))
  assert.equal(rows.length, CHECK_IDS.length)
  for (const id of CHECK_IDS) {
    const row = rows.find((r) => r.startsWith(`| \`${id}\` |`))
    assert.ok(row, `no row for ${id}`)
    const c = CHECKS[id]
    assert.ok(row.includes(` ${c.severity} `), `${id} severity`)
    for (const refs of Object.values(c.references)) for (const ref of refs) assert.ok(row.includes(ref), `${id} row lacks ${ref}`)
  }
})
