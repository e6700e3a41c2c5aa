import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ConfigError, mergeConfig, parseConfigText, resolveConfig } from '@sessionguard/scanner'

const yaml = `target: http://127.0.0.1:3000
login:
  url: /login
  credentials:
    username: alice
    password: \${SG_PW}
  check:
    url: /account
    statuz: 200
`

test('a wrong key is named with its line in the file', () => {
  const loaded = parseConfigText(yaml, 'sg.yml', { SG_PW: 'x' })
  assert.throws(
    () => resolveConfig(loaded.input, loaded),
    // the key's own line and column (line 8 is check's value, where the key used to be reported)
    (err: unknown) =>
      err instanceof ConfigError && /^sg\.yml:9:5: login\.check: unknown key "statuz" \(did you mean status\?\)$/.test(err.message),
  )
})

test('${VAR} and ${VAR:-default} come from the environment; a missing one names key and line', () => {
  const ok = parseConfigText('target: ${T:-http://127.0.0.1:1}\n', 'a.yml', {})
  assert.equal(ok.input.target, 'http://127.0.0.1:1')
  assert.throws(
    () => parseConfigText(yaml, 'sg.yml', {}),
    /sg\.yml:6:5: login\.credentials\.password refers to the environment variable SG_PW/,
  )
})

test('durations accept ms and unit strings; defaults are filled', () => {
  const c = resolveConfig({ target: 'http://127.0.0.1:1', scope: { timeout: '1.5s', budget: 2000 } })
  assert.equal(c.scope.timeout, 1500)
  assert.equal(c.scope.budget, 2000)
  assert.equal(c.session, 'auto')
  assert.equal(c.tokens.samples, 0)
})

test('flags override the file key by key, arrays are replaced', () => {
  const merged = mergeConfig(
    { target: 'http://127.0.0.1:1', login: { url: '/a', check: { url: '/c' } }, objects: ['/x'] },
    { login: { url: '/b' }, objects: ['/y'] },
  )
  assert.deepEqual(merged, { target: 'http://127.0.0.1:1', login: { url: '/b', check: { url: '/c' } }, objects: ['/y'] })
})
