import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, configSchema, resolveConfig } from '@sessionguard/scanner'
import { PasswordEnvError, resolveToolInput, scanTargetShape } from '@sessionguard/mcp'
import { scrubText, scrubValue } from '../src/scrub.js'

const base = {
  target: 'http://127.0.0.1:3000',
  login: { url: '/login', check: { url: '/account', contains: 'alice' }, credentials: { username: 'alice', password_env: 'APP_PW' } },
}

describe('scan_target input', () => {
  it('accepts every key of the scanner config except spec, baseline and source (files), plus format; login takes every key but browser (a program)', () => {
    const configKeys = Object.keys(configSchema.shape)
      .filter((k) => k !== 'spec' && k !== 'baseline' && k !== 'source')
      .sort()
    const toolKeys = Object.keys(scanTargetShape.shape).sort()
    assert.deepEqual(toolKeys, [...configKeys, 'format'].sort())
    const loginKeys = Object.keys(configSchema.shape.login.unwrap().shape).filter((k) => k !== 'browser')
    assert.deepEqual(Object.keys(scanTargetShape.shape.login.unwrap().shape).sort(), loginKeys.sort())
  })

  it('refuses spec, baseline, source, login.browser and unknown keys, as the config file refuses unknown ones', () => {
    assert.equal(scanTargetShape.safeParse({ target: 'http://127.0.0.1', spec: '/etc/passwd' }).success, false)
    assert.equal(scanTargetShape.safeParse({ target: 'http://127.0.0.1', baseline: '/etc/passwd' }).success, false)
    // a tool caller must not make the server read a directory and copy its code into a report
    assert.equal(scanTargetShape.safeParse({ target: 'http://127.0.0.1', source: '/home' }).success, false)
    assert.equal(scanTargetShape.safeParse({ ...base, login: { ...base.login, type: 'browser', browser: 'chromium' } }).success, false)
    assert.equal(scanTargetShape.safeParse({ target: 'http://127.0.0.1', tagret: 'x' }).success, false)
  })

  it('refuses a Host header: a tool call cannot ask an allowed address for a site the allow-list does not name', () => {
    for (const name of ['Host', 'host']) {
      const parsed = scanTargetShape.safeParse({
        target: 'http://127.0.0.1:3000',
        request: { headers: { [name]: 'admin.internal.example' } },
      })
      assert.equal(parsed.success, false)
      assert.match(JSON.stringify(parsed.error?.issues), /Host cannot be set/)
    }
    assert.equal(scanTargetShape.safeParse({ target: 'http://127.0.0.1:3000', request: { headers: { 'X-Api-Key': 'k' } } }).success, true)
  })

  it('reads password_env from the server environment and yields a config the scanner validates', () => {
    const args = scanTargetShape.parse({ ...base, format: 'markdown', tokens: { samples: 10 } })
    const { config, secrets } = resolveToolInput(args, { APP_PW: 's3cret-pw' })
    assert.equal('format' in config, false)
    const resolved = resolveConfig(config)
    assert.deepEqual(resolved.login?.credentials, { username: 'alice', password: 's3cret-pw' })
    assert.equal(resolved.tokens.samples, 10)
    assert.deepEqual(secrets, ['s3cret-pw'])
  })

  it('accepts a literal password and lists of credentials and accounts', () => {
    const args = scanTargetShape.parse({
      ...base,
      login: {
        ...base.login,
        credentials: [
          { username: 'alice', password: 'pw-one' },
          { username: 'bob', password_env: 'BOB_PW' },
        ],
      },
      accounts: [{ name: 'carol', username: 'carol', password_env: 'CAROL_PW' }],
    })
    const { config, secrets } = resolveToolInput(args, { BOB_PW: 'pw-two', CAROL_PW: 'pw-three' })
    const resolved = resolveConfig(config)
    assert.deepEqual(resolved.login?.credentials, [
      { username: 'alice', password: 'pw-one' },
      { username: 'bob', password: 'pw-two' },
    ])
    assert.equal(resolved.accounts?.[0]?.password, 'pw-three')
    assert.deepEqual(secrets.sort(), ['pw-one', 'pw-three', 'pw-two'])
  })

  it('names the missing variable when password_env is not set in the server environment', () => {
    const args = scanTargetShape.parse(base)
    assert.throws(
      () => resolveToolInput(args, {}),
      (err: unknown) => err instanceof PasswordEnvError && /APP_PW/.test(err.message),
    )
  })

  it('requires exactly one of password and password_env', () => {
    const neither = scanTargetShape.parse({ ...base, login: { ...base.login, credentials: { username: 'alice' } } })
    assert.throws(() => resolveToolInput(neither, {}), ConfigError)
    const both = scanTargetShape.parse({
      ...base,
      login: { ...base.login, credentials: { username: 'alice', password: 'a', password_env: 'APP_PW' } },
    })
    assert.throws(() => resolveToolInput(both, { APP_PW: 'b' }), ConfigError)
  })
})

describe('scrubbing passwords from results', () => {
  it('replaces the password, its URL-encoded and JSON-escaped forms, in strings and nested values', () => {
    const pw = 'p@ss "w/rd"&1'
    const text = `username=alice&password=${encodeURIComponent(pw)} ${JSON.stringify({ password: pw })} ${pw}`
    const out = scrubText(text, [pw])
    assert.equal(out.includes(pw), false)
    assert.equal(out.includes(encodeURIComponent(pw)), false)
    assert.equal(out.includes(JSON.stringify(pw).slice(1, -1)), false)
    const value = scrubValue({ a: [pw, { b: `x${pw}y` }], n: 3 }, [pw])
    assert.equal(JSON.stringify(value).includes('p@ss'), false)
    assert.equal(value.n, 3)
  })
})
