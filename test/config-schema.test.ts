import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { configSchemaText, CONFIG_SCHEMA_FILE } from '../scripts/config-schema.js'

const root = new URL('../', import.meta.url)

test('docs/sessionguard.schema.json is what the config schema generates (run npm run config-schema)', () => {
  assert.equal(readFileSync(CONFIG_SCHEMA_FILE, 'utf8'), configSchemaText())
})

test('the JSON Schema accepts the README config and refuses what the loader refuses', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  const validate = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as object)
  const readme = parse(readFileSync(new URL('examples/readme/sessionguard.yml', root), 'utf8')) as Record<string, unknown>
  assert.ok(validate(readme), JSON.stringify(validate.errors))
  const triage = {
    target: 'http://127.0.0.1:3000',
    checks: { exclude: ['tokens'] },
    ignore: [{ check: 'SG-COOKIE-SECURE', carrier: 'cookie:sid', reason: 'http dev', expires: '2027-01-31' }],
    baseline: 'report.json',
    fail_on: 'none',
  }
  assert.ok(validate(triage), JSON.stringify(validate.errors))
  for (const bad of [
    { ...readme, logn: {} },
    { ...readme, login: { ...(readme.login as object), credentials: { username: 'a', pasword: 'b' } } },
    { ...triage, checks: { exclude: ['cookie'] } },
    { ...triage, ignore: [{ check: 'SG-COOKIE-SECURE' }] },
    { ...triage, fail_on: 'severe' },
  ])
    assert.equal(validate(bad), false, JSON.stringify(bad))
})

test('the README points editors at the schema', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  assert.match(readme, /docs\/sessionguard\.schema\.json/)
  assert.match(readme, /# yaml-language-server: \$schema=/)
})

test("the schema's $id is the URL the README's editor modeline loads it from", () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8')
  const modelines = [...readme.matchAll(/# yaml-language-server: \$schema=(\S+)/g)].map((m) => m[1])
  assert.ok(modelines.length > 0)
  const id = (JSON.parse(readFileSync(new URL('docs/sessionguard.schema.json', root), 'utf8')) as { $id: string }).$id
  for (const url of modelines) assert.equal(url, id)
  // and that URL is this file in the repository's main branch, so the id resolves to the schema
  assert.match(id, /^https:\/\/raw\.githubusercontent\.com\/sessionguard\/sessionguard\/main\/docs\/sessionguard\.schema\.json$/)
})
