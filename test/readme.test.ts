import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseConfigText, resolveConfig, scan } from '@sessionguard/scanner'
import { listen, repoRoot } from '@sessionguard/testkit'
import { createServer } from 'node:http'

// README snippets are copies of files that this test runs: a snippet that drifts fails here.
const readme = await readFile(join(repoRoot, 'README.md'), 'utf8')

function snippetAfter(marker: string): string {
  const at = readme.indexOf(`<!-- file: ${marker} -->`)
  assert.ok(at >= 0, `README has no snippet marked ${marker}`)
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at))
  assert.ok(m, `no code block after the ${marker} marker`)
  return m[1]!
}

test('the README starts with the demo command and the test command', () => {
  const head = readme.split('\n').slice(0, 30).join('\n')
  assert.match(head, /npm install && npm run demo/)
  assert.match(head, /npm test/)
})

for (const file of ['examples/readme/sessionguard.yml', 'examples/readme/quickstart.ts']) {
  test(`README snippet ${file} is the file that the tests run`, async () => {
    assert.equal(snippetAfter(file), await readFile(join(repoRoot, file), 'utf8'))
  })
}

test('the README config file is valid', async () => {
  const text = await readFile(join(repoRoot, 'examples/readme/sessionguard.yml'), 'utf8')
  const loaded = parseConfigText(text, 'sessionguard.yml', { SG_PASSWORD: 'x' })
  const config = resolveConfig(loaded.input, loaded)
  assert.equal(config.tokens.samples, 2000)
  assert.equal(config.fail_on, 'high')
})

test('the README library quick start is graded free of fixation by the scanner', async () => {
  const { app } = await import('../examples/readme/quickstart.js')
  const server = await listen(createServer(app))
  try {
    const report = await scan({
      target: server.url,
      login: {
        url: '/login',
        type: 'json',
        credentials: { username: 'alice', password: 'demo' },
        check: { url: '/account', contains: 'alice' },
      },
      logout: { url: '/logout' },
    })
    assert.deepEqual(
      report.findings.filter((f) => f.category !== 'cookies').map((f) => f.id),
      [],
    )
    assert.equal(report.score.grade, 'A')
  } finally {
    await server.close()
  }
})

test('every packages/<name> folder the README and CONTRIBUTING name exists', async () => {
  const { existsSync } = await import('node:fs')
  for (const file of ['README.md', 'CONTRIBUTING.md']) {
    const text = await readFile(join(repoRoot, file), 'utf8')
    for (const m of text.matchAll(/\bpackages\/([a-z-]+)/g))
      assert.ok(existsSync(join(repoRoot, 'packages', m[1]!)), `${file} names packages/${m[1]}`)
  }
})

test('the README lists everything scripts/ensure-tools.mjs installs for npm test', async () => {
  const script = await readFile(join(repoRoot, 'scripts/ensure-tools.mjs'), 'utf8')
  const debian = [...script.matchAll(/\['[^']+', '([a-z0-9.+-]+)'\]/g)].map((m) => m[1]!)
  assert.ok(debian.length >= 6, debian.join(' '))
  const head = readme.slice(0, readme.indexOf('## What the demo shows'))
  for (const pkg of [...debian, 'amplify-dynamodb-simulator', 'rngd']) assert.ok(head.includes(`\`${pkg}\``), `README omits ${pkg}`)
})
